from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.google_rpc_status_details_item import GoogleRpcStatusDetailsItem


T = TypeVar("T", bound="GoogleRpcStatus")


@_attrs_define
class GoogleRpcStatus:
    """An error: the service's `google.rpc.Status`, or the gateway's own in the same shape. The HTTP status follows `code`;
    the `grpc-status` header repeats it.

        Attributes:
            code (int): The `google.rpc.Code`, e.g. 5 for NOT_FOUND.
            message (str): A developer-facing explanation.
            details (list[GoogleRpcStatusDetailsItem] | Unset): Typed details such as `google.rpc.ErrorInfo`,
                `google.rpc.BadRequest`, `google.rpc.QuotaFailure`, `google.rpc.RetryInfo`.
    """

    code: int
    message: str
    details: list[GoogleRpcStatusDetailsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.google_rpc_status_details_item import GoogleRpcStatusDetailsItem  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        _details = d.pop("details", UNSET)
        details: list[GoogleRpcStatusDetailsItem] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = GoogleRpcStatusDetailsItem.from_dict(details_item_data)

                details.append(details_item)

        google_rpc_status = cls(
            code=code,
            message=message,
            details=details,
        )

        google_rpc_status.additional_properties = d
        return google_rpc_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

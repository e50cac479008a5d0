from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_api_key import KeelIdentityV1ApiKey


T = TypeVar("T", bound="KeelIdentityV1RevokeApiKeyResponse")


@_attrs_define
class KeelIdentityV1RevokeApiKeyResponse:
    """
    Attributes:
        api_key (KeelIdentityV1ApiKey | Unset):
    """

    api_key: KeelIdentityV1ApiKey | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        api_key: dict[str, Any] | Unset = UNSET
        if not isinstance(self.api_key, Unset):
            api_key = self.api_key.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if api_key is not UNSET:
            field_dict["api_key"] = api_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_api_key import KeelIdentityV1ApiKey  # noqa: PLC0415

        d = dict(src_dict)
        _api_key = d.pop("api_key", UNSET)
        api_key: KeelIdentityV1ApiKey | Unset
        if isinstance(_api_key, Unset):
            api_key = UNSET
        else:
            api_key = KeelIdentityV1ApiKey.from_dict(_api_key)

        keel_identity_v1_revoke_api_key_response = cls(
            api_key=api_key,
        )

        return keel_identity_v1_revoke_api_key_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_user import KeelIdentityV1User


T = TypeVar("T", bound="KeelIdentityV1VerifyEmailResponse")


@_attrs_define
class KeelIdentityV1VerifyEmailResponse:
    """
    Attributes:
        user (KeelIdentityV1User | Unset):
    """

    user: KeelIdentityV1User | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_user import KeelIdentityV1User  # noqa: PLC0415

        d = dict(src_dict)
        _user = d.pop("user", UNSET)
        user: KeelIdentityV1User | Unset
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = KeelIdentityV1User.from_dict(_user)

        keel_identity_v1_verify_email_response = cls(
            user=user,
        )

        return keel_identity_v1_verify_email_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_member import KeelIdentityV1Member


T = TypeVar("T", bound="KeelIdentityV1UpdateMemberResponse")


@_attrs_define
class KeelIdentityV1UpdateMemberResponse:
    """
    Attributes:
        member (KeelIdentityV1Member | Unset):
    """

    member: KeelIdentityV1Member | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member: dict[str, Any] | Unset = UNSET
        if not isinstance(self.member, Unset):
            member = self.member.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if member is not UNSET:
            field_dict["member"] = member

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_member import KeelIdentityV1Member  # noqa: PLC0415

        d = dict(src_dict)
        _member = d.pop("member", UNSET)
        member: KeelIdentityV1Member | Unset
        if isinstance(_member, Unset):
            member = UNSET
        else:
            member = KeelIdentityV1Member.from_dict(_member)

        keel_identity_v1_update_member_response = cls(
            member=member,
        )

        return keel_identity_v1_update_member_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_member import KeelIdentityV1Member


T = TypeVar("T", bound="KeelIdentityV1ListMembersResponse")


@_attrs_define
class KeelIdentityV1ListMembersResponse:
    """
    Attributes:
        members (list[KeelIdentityV1Member] | Unset):
        next_page_token (str | Unset):
    """

    members: list[KeelIdentityV1Member] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        members: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = []
            for members_item_data in self.members:
                members_item = members_item_data.to_dict()
                members.append(members_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if members is not UNSET:
            field_dict["members"] = members
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_member import KeelIdentityV1Member  # noqa: PLC0415

        d = dict(src_dict)
        _members = d.pop("members", UNSET)
        members: list[KeelIdentityV1Member] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for members_item_data in _members:
                members_item = KeelIdentityV1Member.from_dict(members_item_data)

                members.append(members_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_identity_v1_list_members_response = cls(
            members=members,
            next_page_token=next_page_token,
        )

        return keel_identity_v1_list_members_response

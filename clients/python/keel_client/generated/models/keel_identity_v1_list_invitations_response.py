from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_invitation import KeelIdentityV1Invitation


T = TypeVar("T", bound="KeelIdentityV1ListInvitationsResponse")


@_attrs_define
class KeelIdentityV1ListInvitationsResponse:
    """
    Attributes:
        invitations (list[KeelIdentityV1Invitation] | Unset):
        next_page_token (str | Unset):
    """

    invitations: list[KeelIdentityV1Invitation] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        invitations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.invitations, Unset):
            invitations = []
            for invitations_item_data in self.invitations:
                invitations_item = invitations_item_data.to_dict()
                invitations.append(invitations_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if invitations is not UNSET:
            field_dict["invitations"] = invitations
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_invitation import KeelIdentityV1Invitation  # noqa: PLC0415

        d = dict(src_dict)
        _invitations = d.pop("invitations", UNSET)
        invitations: list[KeelIdentityV1Invitation] | Unset = UNSET
        if _invitations is not UNSET:
            invitations = []
            for invitations_item_data in _invitations:
                invitations_item = KeelIdentityV1Invitation.from_dict(invitations_item_data)

                invitations.append(invitations_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_identity_v1_list_invitations_response = cls(
            invitations=invitations,
            next_page_token=next_page_token,
        )

        return keel_identity_v1_list_invitations_response

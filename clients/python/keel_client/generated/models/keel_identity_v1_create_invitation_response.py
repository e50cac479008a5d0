from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_invitation import KeelIdentityV1Invitation


T = TypeVar("T", bound="KeelIdentityV1CreateInvitationResponse")


@_attrs_define
class KeelIdentityV1CreateInvitationResponse:
    """
    Attributes:
        invitation (KeelIdentityV1Invitation | Unset):
        token (str | Unset): The secret of the invitation link; shown once.
    """

    invitation: KeelIdentityV1Invitation | Unset = UNSET
    token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        invitation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.invitation, Unset):
            invitation = self.invitation.to_dict()

        token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if invitation is not UNSET:
            field_dict["invitation"] = invitation
        if token is not UNSET:
            field_dict["token"] = token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_invitation import KeelIdentityV1Invitation  # noqa: PLC0415

        d = dict(src_dict)
        _invitation = d.pop("invitation", UNSET)
        invitation: KeelIdentityV1Invitation | Unset
        if isinstance(_invitation, Unset):
            invitation = UNSET
        else:
            invitation = KeelIdentityV1Invitation.from_dict(_invitation)

        token = d.pop("token", UNSET)

        keel_identity_v1_create_invitation_response = cls(
            invitation=invitation,
            token=token,
        )

        return keel_identity_v1_create_invitation_response

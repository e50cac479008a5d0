from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_identity_v1_invitation_status import (
    KeelIdentityV1InvitationStatus,
    check_keel_identity_v1_invitation_status,
)
from ..models.keel_identity_v1_role import KeelIdentityV1Role, check_keel_identity_v1_role
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1GetInvitationResponse")


@_attrs_define
class KeelIdentityV1GetInvitationResponse:
    """
    Attributes:
        email (str | Unset): The invited address: the link was sent there.
        expires_at (datetime.datetime | Unset):
        inviter_display_name (str | Unset):
        organization_name (str | Unset):
        role (KeelIdentityV1Role | Unset): A role in one organization. Each includes the permissions of the roles below
            it
            (the table is in services/identity/README.md).
        status (KeelIdentityV1InvitationStatus | Unset): - `INVITATION_STATUS_EXPIRED`: Past its expiry, or replaced by
            a newer invitation to the same address.
    """

    email: str | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    inviter_display_name: str | Unset = UNSET
    organization_name: str | Unset = UNSET
    role: KeelIdentityV1Role | Unset = UNSET
    status: KeelIdentityV1InvitationStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        inviter_display_name = self.inviter_display_name

        organization_name = self.organization_name

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if inviter_display_name is not UNSET:
            field_dict["inviter_display_name"] = inviter_display_name
        if organization_name is not UNSET:
            field_dict["organization_name"] = organization_name
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email", UNSET)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        inviter_display_name = d.pop("inviter_display_name", UNSET)

        organization_name = d.pop("organization_name", UNSET)

        _role = d.pop("role", UNSET)
        role: KeelIdentityV1Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_keel_identity_v1_role(_role)

        _status = d.pop("status", UNSET)
        status: KeelIdentityV1InvitationStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_keel_identity_v1_invitation_status(_status)

        keel_identity_v1_get_invitation_response = cls(
            email=email,
            expires_at=expires_at,
            inviter_display_name=inviter_display_name,
            organization_name=organization_name,
            role=role,
            status=status,
        )

        return keel_identity_v1_get_invitation_response

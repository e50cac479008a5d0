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

T = TypeVar("T", bound="KeelIdentityV1Invitation")


@_attrs_define
class KeelIdentityV1Invitation:
    """
    Attributes:
        accepted_at (datetime.datetime | Unset):
        created_at (datetime.datetime | Unset):
        email (str | Unset):
        expires_at (datetime.datetime | Unset):
        id (str | Unset):
        invited_by_user_id (str | Unset):
        org_id (str | Unset):
        role (KeelIdentityV1Role | Unset): A role in one organization. Each includes the permissions of the roles below
            it
            (the table is in services/identity/README.md).
        status (KeelIdentityV1InvitationStatus | Unset): - `INVITATION_STATUS_EXPIRED`: Past its expiry, or replaced by
            a newer invitation to the same address.
    """

    accepted_at: datetime.datetime | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    email: str | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    invited_by_user_id: str | Unset = UNSET
    org_id: str | Unset = UNSET
    role: KeelIdentityV1Role | Unset = UNSET
    status: KeelIdentityV1InvitationStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        accepted_at: str | Unset = UNSET
        if not isinstance(self.accepted_at, Unset):
            accepted_at = self.accepted_at.isoformat()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        email = self.email

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        id = self.id

        invited_by_user_id = self.invited_by_user_id

        org_id = self.org_id

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if accepted_at is not UNSET:
            field_dict["accepted_at"] = accepted_at
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if email is not UNSET:
            field_dict["email"] = email
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if id is not UNSET:
            field_dict["id"] = id
        if invited_by_user_id is not UNSET:
            field_dict["invited_by_user_id"] = invited_by_user_id
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _accepted_at = d.pop("accepted_at", UNSET)
        accepted_at: datetime.datetime | Unset
        if isinstance(_accepted_at, Unset):
            accepted_at = UNSET
        else:
            accepted_at = datetime.datetime.fromisoformat(_accepted_at)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        email = d.pop("email", UNSET)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        id = d.pop("id", UNSET)

        invited_by_user_id = d.pop("invited_by_user_id", UNSET)

        org_id = d.pop("org_id", UNSET)

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

        keel_identity_v1_invitation = cls(
            accepted_at=accepted_at,
            created_at=created_at,
            email=email,
            expires_at=expires_at,
            id=id,
            invited_by_user_id=invited_by_user_id,
            org_id=org_id,
            role=role,
            status=status,
        )

        return keel_identity_v1_invitation

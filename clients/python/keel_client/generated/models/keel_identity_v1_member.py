from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_identity_v1_role import KeelIdentityV1Role, check_keel_identity_v1_role
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1Member")


@_attrs_define
class KeelIdentityV1Member:
    """
    Attributes:
        display_name (str | Unset):
        email (str | Unset):
        joined_at (datetime.datetime | Unset):
        role (KeelIdentityV1Role | Unset): A role in one organization. Each includes the permissions of the roles below
            it
            (the table is in services/identity/README.md).
        user_id (str | Unset):
    """

    display_name: str | Unset = UNSET
    email: str | Unset = UNSET
    joined_at: datetime.datetime | Unset = UNSET
    role: KeelIdentityV1Role | Unset = UNSET
    user_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        email = self.email

        joined_at: str | Unset = UNSET
        if not isinstance(self.joined_at, Unset):
            joined_at = self.joined_at.isoformat()

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if email is not UNSET:
            field_dict["email"] = email
        if joined_at is not UNSET:
            field_dict["joined_at"] = joined_at
        if role is not UNSET:
            field_dict["role"] = role
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("display_name", UNSET)

        email = d.pop("email", UNSET)

        _joined_at = d.pop("joined_at", UNSET)
        joined_at: datetime.datetime | Unset
        if isinstance(_joined_at, Unset):
            joined_at = UNSET
        else:
            joined_at = datetime.datetime.fromisoformat(_joined_at)

        _role = d.pop("role", UNSET)
        role: KeelIdentityV1Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_keel_identity_v1_role(_role)

        user_id = d.pop("user_id", UNSET)

        keel_identity_v1_member = cls(
            display_name=display_name,
            email=email,
            joined_at=joined_at,
            role=role,
            user_id=user_id,
        )

        return keel_identity_v1_member

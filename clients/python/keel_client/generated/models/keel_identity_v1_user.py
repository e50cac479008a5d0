from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1User")


@_attrs_define
class KeelIdentityV1User:
    """
    Attributes:
        created_at (datetime.datetime | Unset):
        display_name (str | Unset):
        email (str | Unset): As the user typed it at sign-up; unique ignoring case.
        email_verified (bool | Unset): Whether the user proved they receive mail at `email` (POST /v1/auth/verify-
            email);
            an invitation is accepted only by a verified address.
        id (str | Unset):
        platform_admin (bool | Unset):
    """

    created_at: datetime.datetime | Unset = UNSET
    display_name: str | Unset = UNSET
    email: str | Unset = UNSET
    email_verified: bool | Unset = UNSET
    id: str | Unset = UNSET
    platform_admin: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        display_name = self.display_name

        email = self.email

        email_verified = self.email_verified

        id = self.id

        platform_admin = self.platform_admin

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if email is not UNSET:
            field_dict["email"] = email
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if id is not UNSET:
            field_dict["id"] = id
        if platform_admin is not UNSET:
            field_dict["platform_admin"] = platform_admin

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        display_name = d.pop("display_name", UNSET)

        email = d.pop("email", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        id = d.pop("id", UNSET)

        platform_admin = d.pop("platform_admin", UNSET)

        keel_identity_v1_user = cls(
            created_at=created_at,
            display_name=display_name,
            email=email,
            email_verified=email_verified,
            id=id,
            platform_admin=platform_admin,
        )

        return keel_identity_v1_user

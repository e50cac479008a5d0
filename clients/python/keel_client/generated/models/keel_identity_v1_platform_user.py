from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_user import KeelIdentityV1User


T = TypeVar("T", bound="KeelIdentityV1PlatformUser")


@_attrs_define
class KeelIdentityV1PlatformUser:
    """
    Attributes:
        last_login_at (datetime.datetime | Unset):
        organization_count (int | Unset):
        suspended_at (datetime.datetime | Unset):
        suspension_reason (str | Unset):
        user (KeelIdentityV1User | Unset):
    """

    last_login_at: datetime.datetime | Unset = UNSET
    organization_count: int | Unset = UNSET
    suspended_at: datetime.datetime | Unset = UNSET
    suspension_reason: str | Unset = UNSET
    user: KeelIdentityV1User | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        last_login_at: str | Unset = UNSET
        if not isinstance(self.last_login_at, Unset):
            last_login_at = self.last_login_at.isoformat()

        organization_count = self.organization_count

        suspended_at: str | Unset = UNSET
        if not isinstance(self.suspended_at, Unset):
            suspended_at = self.suspended_at.isoformat()

        suspension_reason = self.suspension_reason

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at
        if organization_count is not UNSET:
            field_dict["organization_count"] = organization_count
        if suspended_at is not UNSET:
            field_dict["suspended_at"] = suspended_at
        if suspension_reason is not UNSET:
            field_dict["suspension_reason"] = suspension_reason
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_user import KeelIdentityV1User  # noqa: PLC0415

        d = dict(src_dict)
        _last_login_at = d.pop("last_login_at", UNSET)
        last_login_at: datetime.datetime | Unset
        if isinstance(_last_login_at, Unset):
            last_login_at = UNSET
        else:
            last_login_at = datetime.datetime.fromisoformat(_last_login_at)

        organization_count = d.pop("organization_count", UNSET)

        _suspended_at = d.pop("suspended_at", UNSET)
        suspended_at: datetime.datetime | Unset
        if isinstance(_suspended_at, Unset):
            suspended_at = UNSET
        else:
            suspended_at = datetime.datetime.fromisoformat(_suspended_at)

        suspension_reason = d.pop("suspension_reason", UNSET)

        _user = d.pop("user", UNSET)
        user: KeelIdentityV1User | Unset
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = KeelIdentityV1User.from_dict(_user)

        keel_identity_v1_platform_user = cls(
            last_login_at=last_login_at,
            organization_count=organization_count,
            suspended_at=suspended_at,
            suspension_reason=suspension_reason,
            user=user,
        )

        return keel_identity_v1_platform_user

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization import KeelIdentityV1Organization


T = TypeVar("T", bound="KeelIdentityV1PlatformOrganization")


@_attrs_define
class KeelIdentityV1PlatformOrganization:
    """
    Attributes:
        deleted_at (datetime.datetime | Unset):
        member_count (int | Unset):
        organization (KeelIdentityV1Organization | Unset):
    """

    deleted_at: datetime.datetime | Unset = UNSET
    member_count: int | Unset = UNSET
    organization: KeelIdentityV1Organization | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        deleted_at: str | Unset = UNSET
        if not isinstance(self.deleted_at, Unset):
            deleted_at = self.deleted_at.isoformat()

        member_count = self.member_count

        organization: dict[str, Any] | Unset = UNSET
        if not isinstance(self.organization, Unset):
            organization = self.organization.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if member_count is not UNSET:
            field_dict["member_count"] = member_count
        if organization is not UNSET:
            field_dict["organization"] = organization

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_organization import KeelIdentityV1Organization  # noqa: PLC0415

        d = dict(src_dict)
        _deleted_at = d.pop("deleted_at", UNSET)
        deleted_at: datetime.datetime | Unset
        if isinstance(_deleted_at, Unset):
            deleted_at = UNSET
        else:
            deleted_at = datetime.datetime.fromisoformat(_deleted_at)

        member_count = d.pop("member_count", UNSET)

        _organization = d.pop("organization", UNSET)
        organization: KeelIdentityV1Organization | Unset
        if isinstance(_organization, Unset):
            organization = UNSET
        else:
            organization = KeelIdentityV1Organization.from_dict(_organization)

        keel_identity_v1_platform_organization = cls(
            deleted_at=deleted_at,
            member_count=member_count,
            organization=organization,
        )

        return keel_identity_v1_platform_organization

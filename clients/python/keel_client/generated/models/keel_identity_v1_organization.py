from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization_settings import KeelIdentityV1OrganizationSettings


T = TypeVar("T", bound="KeelIdentityV1Organization")


@_attrs_define
class KeelIdentityV1Organization:
    """
    Attributes:
        created_at (datetime.datetime | Unset):
        id (str | Unset):
        name (str | Unset):
        parent_org_id (str | Unset): Set on sub-organizations: the agency organization that runs this one.
        plan_tier (str | Unset): The billing plan tier, set by platform administrators (billing owns the plans).
        settings (KeelIdentityV1OrganizationSettings | Unset): Free-form settings of the organization (at most 16 KiB as
            JSON).
        slug (str | Unset): Unique, URL-safe, derived from the name when the organization is created.
        updated_at (datetime.datetime | Unset):
    """

    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    parent_org_id: str | Unset = UNSET
    plan_tier: str | Unset = UNSET
    settings: KeelIdentityV1OrganizationSettings | Unset = UNSET
    slug: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        parent_org_id = self.parent_org_id

        plan_tier = self.plan_tier

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        slug = self.slug

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if parent_org_id is not UNSET:
            field_dict["parent_org_id"] = parent_org_id
        if plan_tier is not UNSET:
            field_dict["plan_tier"] = plan_tier
        if settings is not UNSET:
            field_dict["settings"] = settings
        if slug is not UNSET:
            field_dict["slug"] = slug
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_organization_settings import (
            KeelIdentityV1OrganizationSettings,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        parent_org_id = d.pop("parent_org_id", UNSET)

        plan_tier = d.pop("plan_tier", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: KeelIdentityV1OrganizationSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = KeelIdentityV1OrganizationSettings.from_dict(_settings)

        slug = d.pop("slug", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        keel_identity_v1_organization = cls(
            created_at=created_at,
            id=id,
            name=name,
            parent_org_id=parent_org_id,
            plan_tier=plan_tier,
            settings=settings,
            slug=slug,
            updated_at=updated_at,
        )

        return keel_identity_v1_organization

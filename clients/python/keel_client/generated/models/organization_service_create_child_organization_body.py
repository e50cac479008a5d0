from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.organization_service_create_child_organization_body_settings import (
        OrganizationServiceCreateChildOrganizationBodySettings,
    )


T = TypeVar("T", bound="OrganizationServiceCreateChildOrganizationBody")


@_attrs_define
class OrganizationServiceCreateChildOrganizationBody:
    """
    Attributes:
        name (str):
        settings (OrganizationServiceCreateChildOrganizationBodySettings | Unset):
    """

    name: str
    settings: OrganizationServiceCreateChildOrganizationBodySettings | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_service_create_child_organization_body_settings import (
            OrganizationServiceCreateChildOrganizationBodySettings,  # noqa: PLC0415
        )

        d = dict(src_dict)
        name = d.pop("name")

        _settings = d.pop("settings", UNSET)
        settings: OrganizationServiceCreateChildOrganizationBodySettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = OrganizationServiceCreateChildOrganizationBodySettings.from_dict(_settings)

        organization_service_create_child_organization_body = cls(
            name=name,
            settings=settings,
        )

        return organization_service_create_child_organization_body

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_create_organization_request_settings import (
        KeelIdentityV1CreateOrganizationRequestSettings,
    )


T = TypeVar("T", bound="KeelIdentityV1CreateOrganizationRequest")


@_attrs_define
class KeelIdentityV1CreateOrganizationRequest:
    """
    Attributes:
        name (str):
        settings (KeelIdentityV1CreateOrganizationRequestSettings | Unset):
    """

    name: str
    settings: KeelIdentityV1CreateOrganizationRequestSettings | Unset = UNSET

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
        from ..models.keel_identity_v1_create_organization_request_settings import (
            KeelIdentityV1CreateOrganizationRequestSettings,  # noqa: PLC0415
        )

        d = dict(src_dict)
        name = d.pop("name")

        _settings = d.pop("settings", UNSET)
        settings: KeelIdentityV1CreateOrganizationRequestSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = KeelIdentityV1CreateOrganizationRequestSettings.from_dict(_settings)

        keel_identity_v1_create_organization_request = cls(
            name=name,
            settings=settings,
        )

        return keel_identity_v1_create_organization_request

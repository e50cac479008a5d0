from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_platform_organization import KeelIdentityV1PlatformOrganization


T = TypeVar("T", bound="KeelIdentityV1SetOrganizationPlanTierResponse")


@_attrs_define
class KeelIdentityV1SetOrganizationPlanTierResponse:
    """
    Attributes:
        organization (KeelIdentityV1PlatformOrganization | Unset):
    """

    organization: KeelIdentityV1PlatformOrganization | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        organization: dict[str, Any] | Unset = UNSET
        if not isinstance(self.organization, Unset):
            organization = self.organization.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if organization is not UNSET:
            field_dict["organization"] = organization

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_platform_organization import (
            KeelIdentityV1PlatformOrganization,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _organization = d.pop("organization", UNSET)
        organization: KeelIdentityV1PlatformOrganization | Unset
        if isinstance(_organization, Unset):
            organization = UNSET
        else:
            organization = KeelIdentityV1PlatformOrganization.from_dict(_organization)

        keel_identity_v1_set_organization_plan_tier_response = cls(
            organization=organization,
        )

        return keel_identity_v1_set_organization_plan_tier_response

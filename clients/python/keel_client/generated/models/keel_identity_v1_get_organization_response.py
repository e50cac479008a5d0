from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess


T = TypeVar("T", bound="KeelIdentityV1GetOrganizationResponse")


@_attrs_define
class KeelIdentityV1GetOrganizationResponse:
    """
    Attributes:
        organization (KeelIdentityV1OrganizationAccess | Unset): An organization as one user sees it: with their role
            there.
    """

    organization: KeelIdentityV1OrganizationAccess | Unset = UNSET

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
        from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess  # noqa: PLC0415

        d = dict(src_dict)
        _organization = d.pop("organization", UNSET)
        organization: KeelIdentityV1OrganizationAccess | Unset
        if isinstance(_organization, Unset):
            organization = UNSET
        else:
            organization = KeelIdentityV1OrganizationAccess.from_dict(_organization)

        keel_identity_v1_get_organization_response = cls(
            organization=organization,
        )

        return keel_identity_v1_get_organization_response

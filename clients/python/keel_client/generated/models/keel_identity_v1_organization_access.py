from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_identity_v1_role import KeelIdentityV1Role, check_keel_identity_v1_role
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization import KeelIdentityV1Organization


T = TypeVar("T", bound="KeelIdentityV1OrganizationAccess")


@_attrs_define
class KeelIdentityV1OrganizationAccess:
    """An organization as one user sees it: with their role there.

    Attributes:
        inherited (bool | Unset): True when the role comes from being an owner or admin of the parent organization.
        organization (KeelIdentityV1Organization | Unset):
        role (KeelIdentityV1Role | Unset): A role in one organization. Each includes the permissions of the roles below
            it
            (the table is in services/identity/README.md).
    """

    inherited: bool | Unset = UNSET
    organization: KeelIdentityV1Organization | Unset = UNSET
    role: KeelIdentityV1Role | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        inherited = self.inherited

        organization: dict[str, Any] | Unset = UNSET
        if not isinstance(self.organization, Unset):
            organization = self.organization.to_dict()

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if inherited is not UNSET:
            field_dict["inherited"] = inherited
        if organization is not UNSET:
            field_dict["organization"] = organization
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_organization import KeelIdentityV1Organization  # noqa: PLC0415

        d = dict(src_dict)
        inherited = d.pop("inherited", UNSET)

        _organization = d.pop("organization", UNSET)
        organization: KeelIdentityV1Organization | Unset
        if isinstance(_organization, Unset):
            organization = UNSET
        else:
            organization = KeelIdentityV1Organization.from_dict(_organization)

        _role = d.pop("role", UNSET)
        role: KeelIdentityV1Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_keel_identity_v1_role(_role)

        keel_identity_v1_organization_access = cls(
            inherited=inherited,
            organization=organization,
            role=role,
        )

        return keel_identity_v1_organization_access

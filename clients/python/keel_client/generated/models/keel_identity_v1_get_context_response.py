from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess
    from ..models.keel_identity_v1_user import KeelIdentityV1User


T = TypeVar("T", bound="KeelIdentityV1GetContextResponse")


@_attrs_define
class KeelIdentityV1GetContextResponse:
    """
    Attributes:
        active (KeelIdentityV1OrganizationAccess | Unset): An organization as one user sees it: with their role there.
        organizations (list[KeelIdentityV1OrganizationAccess] | Unset): Every organization the user may act in, with
            their role there.
        user (KeelIdentityV1User | Unset):
    """

    active: KeelIdentityV1OrganizationAccess | Unset = UNSET
    organizations: list[KeelIdentityV1OrganizationAccess] | Unset = UNSET
    user: KeelIdentityV1User | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active: dict[str, Any] | Unset = UNSET
        if not isinstance(self.active, Unset):
            active = self.active.to_dict()

        organizations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.organizations, Unset):
            organizations = []
            for organizations_item_data in self.organizations:
                organizations_item = organizations_item_data.to_dict()
                organizations.append(organizations_item)

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if organizations is not UNSET:
            field_dict["organizations"] = organizations
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess  # noqa: PLC0415
        from ..models.keel_identity_v1_user import KeelIdentityV1User  # noqa: PLC0415

        d = dict(src_dict)
        _active = d.pop("active", UNSET)
        active: KeelIdentityV1OrganizationAccess | Unset
        if isinstance(_active, Unset):
            active = UNSET
        else:
            active = KeelIdentityV1OrganizationAccess.from_dict(_active)

        _organizations = d.pop("organizations", UNSET)
        organizations: list[KeelIdentityV1OrganizationAccess] | Unset = UNSET
        if _organizations is not UNSET:
            organizations = []
            for organizations_item_data in _organizations:
                organizations_item = KeelIdentityV1OrganizationAccess.from_dict(
                    organizations_item_data
                )

                organizations.append(organizations_item)

        _user = d.pop("user", UNSET)
        user: KeelIdentityV1User | Unset
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = KeelIdentityV1User.from_dict(_user)

        keel_identity_v1_get_context_response = cls(
            active=active,
            organizations=organizations,
            user=user,
        )

        return keel_identity_v1_get_context_response

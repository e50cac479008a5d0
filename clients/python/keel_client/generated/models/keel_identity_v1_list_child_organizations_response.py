from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess


T = TypeVar("T", bound="KeelIdentityV1ListChildOrganizationsResponse")


@_attrs_define
class KeelIdentityV1ListChildOrganizationsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        organizations (list[KeelIdentityV1OrganizationAccess] | Unset):
    """

    next_page_token: str | Unset = UNSET
    organizations: list[KeelIdentityV1OrganizationAccess] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        organizations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.organizations, Unset):
            organizations = []
            for organizations_item_data in self.organizations:
                organizations_item = organizations_item_data.to_dict()
                organizations.append(organizations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if organizations is not UNSET:
            field_dict["organizations"] = organizations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _organizations = d.pop("organizations", UNSET)
        organizations: list[KeelIdentityV1OrganizationAccess] | Unset = UNSET
        if _organizations is not UNSET:
            organizations = []
            for organizations_item_data in _organizations:
                organizations_item = KeelIdentityV1OrganizationAccess.from_dict(
                    organizations_item_data
                )

                organizations.append(organizations_item)

        keel_identity_v1_list_child_organizations_response = cls(
            next_page_token=next_page_token,
            organizations=organizations,
        )

        return keel_identity_v1_list_child_organizations_response

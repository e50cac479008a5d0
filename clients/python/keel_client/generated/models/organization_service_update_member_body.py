from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.organization_service_update_member_body_role import (
    OrganizationServiceUpdateMemberBodyRole,
    check_organization_service_update_member_body_role,
)

T = TypeVar("T", bound="OrganizationServiceUpdateMemberBody")


@_attrs_define
class OrganizationServiceUpdateMemberBody:
    """
    Attributes:
        role (OrganizationServiceUpdateMemberBodyRole):
    """

    role: OrganizationServiceUpdateMemberBodyRole

    def to_dict(self) -> dict[str, Any]:
        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = check_organization_service_update_member_body_role(d.pop("role"))

        organization_service_update_member_body = cls(
            role=role,
        )

        return organization_service_update_member_body

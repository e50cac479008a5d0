from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AdminServiceSetOrganizationPlanTierBody")


@_attrs_define
class AdminServiceSetOrganizationPlanTierBody:
    """
    Attributes:
        plan_tier (str): One of billing's tiers: `free`, `pro`, `team` or `enterprise` (anything else: 400).
    """

    plan_tier: str

    def to_dict(self) -> dict[str, Any]:
        plan_tier = self.plan_tier

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "plan_tier": plan_tier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan_tier = d.pop("plan_tier")

        admin_service_set_organization_plan_tier_body = cls(
            plan_tier=plan_tier,
        )

        return admin_service_set_organization_plan_tier_body

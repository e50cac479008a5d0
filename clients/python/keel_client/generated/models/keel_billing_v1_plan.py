from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_billing_v1_plan_tier import (
    KeelBillingV1PlanTier,
    check_keel_billing_v1_plan_tier,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_money import KeelBillingV1Money


T = TypeVar("T", bound="KeelBillingV1Plan")


@_attrs_define
class KeelBillingV1Plan:
    """
    Attributes:
        agent_limit (str | Unset): Unset: unlimited.
        concurrent_run_limit (str | Unset): Agent runs in progress at once (queued, running or waiting for a person);
            unset:
            unlimited. The agents service, which knows its runs, holds it.
        custom_pricing (bool | Unset):
        features (list[str] | Unset): Feature flags, for example `analytics_export`, `sso`, `priority_support`.
        hourly_run_limit (str | Unset):
        monthly_credits (str | Unset): Credits granted at the start of each period, as a decimal string ("500").
            Unset for enterprise: agreed per organization.
        monthly_price (KeelBillingV1Money | Unset): Money in integer minor units of a currency (cents for USD).
        monthly_run_limit (str | Unset):
        name (str | Unset):
        tier (KeelBillingV1PlanTier | Unset):
    """

    agent_limit: str | Unset = UNSET
    concurrent_run_limit: str | Unset = UNSET
    custom_pricing: bool | Unset = UNSET
    features: list[str] | Unset = UNSET
    hourly_run_limit: str | Unset = UNSET
    monthly_credits: str | Unset = UNSET
    monthly_price: KeelBillingV1Money | Unset = UNSET
    monthly_run_limit: str | Unset = UNSET
    name: str | Unset = UNSET
    tier: KeelBillingV1PlanTier | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_limit = self.agent_limit

        concurrent_run_limit = self.concurrent_run_limit

        custom_pricing = self.custom_pricing

        features: list[str] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = self.features

        hourly_run_limit = self.hourly_run_limit

        monthly_credits = self.monthly_credits

        monthly_price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.monthly_price, Unset):
            monthly_price = self.monthly_price.to_dict()

        monthly_run_limit = self.monthly_run_limit

        name = self.name

        tier: str | Unset = UNSET
        if not isinstance(self.tier, Unset):
            tier = self.tier

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent_limit is not UNSET:
            field_dict["agent_limit"] = agent_limit
        if concurrent_run_limit is not UNSET:
            field_dict["concurrent_run_limit"] = concurrent_run_limit
        if custom_pricing is not UNSET:
            field_dict["custom_pricing"] = custom_pricing
        if features is not UNSET:
            field_dict["features"] = features
        if hourly_run_limit is not UNSET:
            field_dict["hourly_run_limit"] = hourly_run_limit
        if monthly_credits is not UNSET:
            field_dict["monthly_credits"] = monthly_credits
        if monthly_price is not UNSET:
            field_dict["monthly_price"] = monthly_price
        if monthly_run_limit is not UNSET:
            field_dict["monthly_run_limit"] = monthly_run_limit
        if name is not UNSET:
            field_dict["name"] = name
        if tier is not UNSET:
            field_dict["tier"] = tier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_money import KeelBillingV1Money  # noqa: PLC0415

        d = dict(src_dict)
        agent_limit = d.pop("agent_limit", UNSET)

        concurrent_run_limit = d.pop("concurrent_run_limit", UNSET)

        custom_pricing = d.pop("custom_pricing", UNSET)

        features = cast(list[str], d.pop("features", UNSET))

        hourly_run_limit = d.pop("hourly_run_limit", UNSET)

        monthly_credits = d.pop("monthly_credits", UNSET)

        _monthly_price = d.pop("monthly_price", UNSET)
        monthly_price: KeelBillingV1Money | Unset
        if isinstance(_monthly_price, Unset):
            monthly_price = UNSET
        else:
            monthly_price = KeelBillingV1Money.from_dict(_monthly_price)

        monthly_run_limit = d.pop("monthly_run_limit", UNSET)

        name = d.pop("name", UNSET)

        _tier = d.pop("tier", UNSET)
        tier: KeelBillingV1PlanTier | Unset
        if isinstance(_tier, Unset):
            tier = UNSET
        else:
            tier = check_keel_billing_v1_plan_tier(_tier)

        keel_billing_v1_plan = cls(
            agent_limit=agent_limit,
            concurrent_run_limit=concurrent_run_limit,
            custom_pricing=custom_pricing,
            features=features,
            hourly_run_limit=hourly_run_limit,
            monthly_credits=monthly_credits,
            monthly_price=monthly_price,
            monthly_run_limit=monthly_run_limit,
            name=name,
            tier=tier,
        )

        return keel_billing_v1_plan

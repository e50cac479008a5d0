from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_plan_tier import (
    KeelBillingV1PlanTier,
    check_keel_billing_v1_plan_tier,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_organization_insight import KeelAgentsV1OrganizationInsight
    from ..models.keel_billing_v1_limit_usage import KeelBillingV1LimitUsage
    from ..models.keel_billing_v1_usage_day import KeelBillingV1UsageDay
    from ..models.keel_billing_v1_usage_totals import KeelBillingV1UsageTotals


T = TypeVar("T", bound="KeelBillingV1GetUsageDashboardResponse")


@_attrs_define
class KeelBillingV1GetUsageDashboardResponse:
    """
    Attributes:
        agents (KeelAgentsV1OrganizationInsight | Unset):
        credits_available (str | Unset): Credits: balance and monthly allocation, decimal strings.
        credits_monthly_allocation (str | Unset):
        limits (list[KeelBillingV1LimitUsage] | Unset):
        org_id (str | Unset):
        period (KeelBillingV1UsageTotals | Unset):
        period_end (datetime.datetime | Unset):
        period_start (datetime.datetime | Unset):
        plan (KeelBillingV1PlanTier | Unset):
        timeline (list[KeelBillingV1UsageDay] | Unset): The timeline's days, oldest first, one entry per day (zeros
            included).
    """

    agents: KeelAgentsV1OrganizationInsight | Unset = UNSET
    credits_available: str | Unset = UNSET
    credits_monthly_allocation: str | Unset = UNSET
    limits: list[KeelBillingV1LimitUsage] | Unset = UNSET
    org_id: str | Unset = UNSET
    period: KeelBillingV1UsageTotals | Unset = UNSET
    period_end: datetime.datetime | Unset = UNSET
    period_start: datetime.datetime | Unset = UNSET
    plan: KeelBillingV1PlanTier | Unset = UNSET
    timeline: list[KeelBillingV1UsageDay] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agents: dict[str, Any] | Unset = UNSET
        if not isinstance(self.agents, Unset):
            agents = self.agents.to_dict()

        credits_available = self.credits_available

        credits_monthly_allocation = self.credits_monthly_allocation

        limits: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.limits, Unset):
            limits = []
            for limits_item_data in self.limits:
                limits_item = limits_item_data.to_dict()
                limits.append(limits_item)

        org_id = self.org_id

        period: dict[str, Any] | Unset = UNSET
        if not isinstance(self.period, Unset):
            period = self.period.to_dict()

        period_end: str | Unset = UNSET
        if not isinstance(self.period_end, Unset):
            period_end = self.period_end.isoformat()

        period_start: str | Unset = UNSET
        if not isinstance(self.period_start, Unset):
            period_start = self.period_start.isoformat()

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan

        timeline: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.timeline, Unset):
            timeline = []
            for timeline_item_data in self.timeline:
                timeline_item = timeline_item_data.to_dict()
                timeline.append(timeline_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agents is not UNSET:
            field_dict["agents"] = agents
        if credits_available is not UNSET:
            field_dict["credits_available"] = credits_available
        if credits_monthly_allocation is not UNSET:
            field_dict["credits_monthly_allocation"] = credits_monthly_allocation
        if limits is not UNSET:
            field_dict["limits"] = limits
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if period is not UNSET:
            field_dict["period"] = period
        if period_end is not UNSET:
            field_dict["period_end"] = period_end
        if period_start is not UNSET:
            field_dict["period_start"] = period_start
        if plan is not UNSET:
            field_dict["plan"] = plan
        if timeline is not UNSET:
            field_dict["timeline"] = timeline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_organization_insight import KeelAgentsV1OrganizationInsight  # noqa: PLC0415
        from ..models.keel_billing_v1_limit_usage import KeelBillingV1LimitUsage  # noqa: PLC0415
        from ..models.keel_billing_v1_usage_day import KeelBillingV1UsageDay  # noqa: PLC0415
        from ..models.keel_billing_v1_usage_totals import KeelBillingV1UsageTotals  # noqa: PLC0415

        d = dict(src_dict)
        _agents = d.pop("agents", UNSET)
        agents: KeelAgentsV1OrganizationInsight | Unset
        if isinstance(_agents, Unset):
            agents = UNSET
        else:
            agents = KeelAgentsV1OrganizationInsight.from_dict(_agents)

        credits_available = d.pop("credits_available", UNSET)

        credits_monthly_allocation = d.pop("credits_monthly_allocation", UNSET)

        _limits = d.pop("limits", UNSET)
        limits: list[KeelBillingV1LimitUsage] | Unset = UNSET
        if _limits is not UNSET:
            limits = []
            for limits_item_data in _limits:
                limits_item = KeelBillingV1LimitUsage.from_dict(limits_item_data)

                limits.append(limits_item)

        org_id = d.pop("org_id", UNSET)

        _period = d.pop("period", UNSET)
        period: KeelBillingV1UsageTotals | Unset
        if isinstance(_period, Unset):
            period = UNSET
        else:
            period = KeelBillingV1UsageTotals.from_dict(_period)

        _period_end = d.pop("period_end", UNSET)
        period_end: datetime.datetime | Unset
        if isinstance(_period_end, Unset):
            period_end = UNSET
        else:
            period_end = datetime.datetime.fromisoformat(_period_end)

        _period_start = d.pop("period_start", UNSET)
        period_start: datetime.datetime | Unset
        if isinstance(_period_start, Unset):
            period_start = UNSET
        else:
            period_start = datetime.datetime.fromisoformat(_period_start)

        _plan = d.pop("plan", UNSET)
        plan: KeelBillingV1PlanTier | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = check_keel_billing_v1_plan_tier(_plan)

        _timeline = d.pop("timeline", UNSET)
        timeline: list[KeelBillingV1UsageDay] | Unset = UNSET
        if _timeline is not UNSET:
            timeline = []
            for timeline_item_data in _timeline:
                timeline_item = KeelBillingV1UsageDay.from_dict(timeline_item_data)

                timeline.append(timeline_item)

        keel_billing_v1_get_usage_dashboard_response = cls(
            agents=agents,
            credits_available=credits_available,
            credits_monthly_allocation=credits_monthly_allocation,
            limits=limits,
            org_id=org_id,
            period=period,
            period_end=period_end,
            period_start=period_start,
            plan=plan,
            timeline=timeline,
        )

        return keel_billing_v1_get_usage_dashboard_response

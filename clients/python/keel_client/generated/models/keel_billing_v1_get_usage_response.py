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
    from ..models.keel_billing_v1_limit_usage import KeelBillingV1LimitUsage
    from ..models.keel_billing_v1_usage_totals import KeelBillingV1UsageTotals


T = TypeVar("T", bound="KeelBillingV1GetUsageResponse")


@_attrs_define
class KeelBillingV1GetUsageResponse:
    """
    Attributes:
        limits (list[KeelBillingV1LimitUsage] | Unset):
        org_id (str | Unset):
        period_end (datetime.datetime | Unset):
        period_start (datetime.datetime | Unset):
        plan (KeelBillingV1PlanTier | Unset):
        totals (KeelBillingV1UsageTotals | Unset):
    """

    limits: list[KeelBillingV1LimitUsage] | Unset = UNSET
    org_id: str | Unset = UNSET
    period_end: datetime.datetime | Unset = UNSET
    period_start: datetime.datetime | Unset = UNSET
    plan: KeelBillingV1PlanTier | Unset = UNSET
    totals: KeelBillingV1UsageTotals | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        limits: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.limits, Unset):
            limits = []
            for limits_item_data in self.limits:
                limits_item = limits_item_data.to_dict()
                limits.append(limits_item)

        org_id = self.org_id

        period_end: str | Unset = UNSET
        if not isinstance(self.period_end, Unset):
            period_end = self.period_end.isoformat()

        period_start: str | Unset = UNSET
        if not isinstance(self.period_start, Unset):
            period_start = self.period_start.isoformat()

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan

        totals: dict[str, Any] | Unset = UNSET
        if not isinstance(self.totals, Unset):
            totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if limits is not UNSET:
            field_dict["limits"] = limits
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if period_end is not UNSET:
            field_dict["period_end"] = period_end
        if period_start is not UNSET:
            field_dict["period_start"] = period_start
        if plan is not UNSET:
            field_dict["plan"] = plan
        if totals is not UNSET:
            field_dict["totals"] = totals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_limit_usage import KeelBillingV1LimitUsage  # noqa: PLC0415
        from ..models.keel_billing_v1_usage_totals import KeelBillingV1UsageTotals  # noqa: PLC0415

        d = dict(src_dict)
        _limits = d.pop("limits", UNSET)
        limits: list[KeelBillingV1LimitUsage] | Unset = UNSET
        if _limits is not UNSET:
            limits = []
            for limits_item_data in _limits:
                limits_item = KeelBillingV1LimitUsage.from_dict(limits_item_data)

                limits.append(limits_item)

        org_id = d.pop("org_id", UNSET)

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

        _totals = d.pop("totals", UNSET)
        totals: KeelBillingV1UsageTotals | Unset
        if isinstance(_totals, Unset):
            totals = UNSET
        else:
            totals = KeelBillingV1UsageTotals.from_dict(_totals)

        keel_billing_v1_get_usage_response = cls(
            limits=limits,
            org_id=org_id,
            period_end=period_end,
            period_start=period_start,
            plan=plan,
            totals=totals,
        )

        return keel_billing_v1_get_usage_response

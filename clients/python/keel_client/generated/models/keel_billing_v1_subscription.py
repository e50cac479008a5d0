from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_plan_tier import (
    KeelBillingV1PlanTier,
    check_keel_billing_v1_plan_tier,
)
from ..models.keel_billing_v1_subscription_status import (
    KeelBillingV1SubscriptionStatus,
    check_keel_billing_v1_subscription_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1Subscription")


@_attrs_define
class KeelBillingV1Subscription:
    """
    Attributes:
        cancel_at_period_end (bool | Unset):
        current_period_end (datetime.datetime | Unset):
        current_period_start (datetime.datetime | Unset):
        org_id (str | Unset):
        pending_plan (KeelBillingV1PlanTier | Unset):
        pending_plan_at (datetime.datetime | Unset):
        plan (KeelBillingV1PlanTier | Unset):
        status (KeelBillingV1SubscriptionStatus | Unset):
        stripe_customer_id (str | Unset): Empty until the organization first goes through checkout.
        stripe_subscription_id (str | Unset):
    """

    cancel_at_period_end: bool | Unset = UNSET
    current_period_end: datetime.datetime | Unset = UNSET
    current_period_start: datetime.datetime | Unset = UNSET
    org_id: str | Unset = UNSET
    pending_plan: KeelBillingV1PlanTier | Unset = UNSET
    pending_plan_at: datetime.datetime | Unset = UNSET
    plan: KeelBillingV1PlanTier | Unset = UNSET
    status: KeelBillingV1SubscriptionStatus | Unset = UNSET
    stripe_customer_id: str | Unset = UNSET
    stripe_subscription_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cancel_at_period_end = self.cancel_at_period_end

        current_period_end: str | Unset = UNSET
        if not isinstance(self.current_period_end, Unset):
            current_period_end = self.current_period_end.isoformat()

        current_period_start: str | Unset = UNSET
        if not isinstance(self.current_period_start, Unset):
            current_period_start = self.current_period_start.isoformat()

        org_id = self.org_id

        pending_plan: str | Unset = UNSET
        if not isinstance(self.pending_plan, Unset):
            pending_plan = self.pending_plan

        pending_plan_at: str | Unset = UNSET
        if not isinstance(self.pending_plan_at, Unset):
            pending_plan_at = self.pending_plan_at.isoformat()

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        stripe_customer_id = self.stripe_customer_id

        stripe_subscription_id = self.stripe_subscription_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cancel_at_period_end is not UNSET:
            field_dict["cancel_at_period_end"] = cancel_at_period_end
        if current_period_end is not UNSET:
            field_dict["current_period_end"] = current_period_end
        if current_period_start is not UNSET:
            field_dict["current_period_start"] = current_period_start
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if pending_plan is not UNSET:
            field_dict["pending_plan"] = pending_plan
        if pending_plan_at is not UNSET:
            field_dict["pending_plan_at"] = pending_plan_at
        if plan is not UNSET:
            field_dict["plan"] = plan
        if status is not UNSET:
            field_dict["status"] = status
        if stripe_customer_id is not UNSET:
            field_dict["stripe_customer_id"] = stripe_customer_id
        if stripe_subscription_id is not UNSET:
            field_dict["stripe_subscription_id"] = stripe_subscription_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancel_at_period_end = d.pop("cancel_at_period_end", UNSET)

        _current_period_end = d.pop("current_period_end", UNSET)
        current_period_end: datetime.datetime | Unset
        if isinstance(_current_period_end, Unset):
            current_period_end = UNSET
        else:
            current_period_end = datetime.datetime.fromisoformat(_current_period_end)

        _current_period_start = d.pop("current_period_start", UNSET)
        current_period_start: datetime.datetime | Unset
        if isinstance(_current_period_start, Unset):
            current_period_start = UNSET
        else:
            current_period_start = datetime.datetime.fromisoformat(_current_period_start)

        org_id = d.pop("org_id", UNSET)

        _pending_plan = d.pop("pending_plan", UNSET)
        pending_plan: KeelBillingV1PlanTier | Unset
        if isinstance(_pending_plan, Unset):
            pending_plan = UNSET
        else:
            pending_plan = check_keel_billing_v1_plan_tier(_pending_plan)

        _pending_plan_at = d.pop("pending_plan_at", UNSET)
        pending_plan_at: datetime.datetime | Unset
        if isinstance(_pending_plan_at, Unset):
            pending_plan_at = UNSET
        else:
            pending_plan_at = datetime.datetime.fromisoformat(_pending_plan_at)

        _plan = d.pop("plan", UNSET)
        plan: KeelBillingV1PlanTier | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = check_keel_billing_v1_plan_tier(_plan)

        _status = d.pop("status", UNSET)
        status: KeelBillingV1SubscriptionStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_keel_billing_v1_subscription_status(_status)

        stripe_customer_id = d.pop("stripe_customer_id", UNSET)

        stripe_subscription_id = d.pop("stripe_subscription_id", UNSET)

        keel_billing_v1_subscription = cls(
            cancel_at_period_end=cancel_at_period_end,
            current_period_end=current_period_end,
            current_period_start=current_period_start,
            org_id=org_id,
            pending_plan=pending_plan,
            pending_plan_at=pending_plan_at,
            plan=plan,
            status=status,
            stripe_customer_id=stripe_customer_id,
            stripe_subscription_id=stripe_subscription_id,
        )

        return keel_billing_v1_subscription

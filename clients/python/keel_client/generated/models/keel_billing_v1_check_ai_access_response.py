from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_plan_tier import (
    KeelBillingV1PlanTier,
    check_keel_billing_v1_plan_tier,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_model import KeelBillingV1Model


T = TypeVar("T", bound="KeelBillingV1CheckAIAccessResponse")


@_attrs_define
class KeelBillingV1CheckAIAccessResponse:
    """
    Attributes:
        allowed (bool | Unset):
        balance_covers (bool | Unset):
        estimated_credits (str | Unset): Decimal strings.
        fallback_models (list[KeelBillingV1Model] | Unset):
        message (str | Unset): A sentence for people, with what to do about it.
        model (KeelBillingV1Model | Unset): One LLM model of the catalog.
        plan (KeelBillingV1PlanTier | Unset):
        reason (str | Unset): Why not, as a stable identifier: CAPABILITY_NOT_IN_PLAN, QUALITY_NOT_IN_PLAN,
            INSUFFICIENT_CREDITS, CHILD_SPENDING_CAP_EXCEEDED (a sub-organization's monthly cap,
            set by its parent, does not cover the estimate), RATE_LIMITED, SUBSCRIPTION_INACTIVE,
            NO_MODEL_AVAILABLE (every model the plan lists there is retired). Empty when allowed.
        remaining_per_day (str | Unset):
        remaining_per_minute (str | Unset): Requests left in the current minute and day (unset: unlimited).
        spendable_credits (str | Unset): What a hold may take (a sub-organization's: its pool's, within what is left of
            its cap).
        upgrade_to (KeelBillingV1PlanTier | Unset):
    """

    allowed: bool | Unset = UNSET
    balance_covers: bool | Unset = UNSET
    estimated_credits: str | Unset = UNSET
    fallback_models: list[KeelBillingV1Model] | Unset = UNSET
    message: str | Unset = UNSET
    model: KeelBillingV1Model | Unset = UNSET
    plan: KeelBillingV1PlanTier | Unset = UNSET
    reason: str | Unset = UNSET
    remaining_per_day: str | Unset = UNSET
    remaining_per_minute: str | Unset = UNSET
    spendable_credits: str | Unset = UNSET
    upgrade_to: KeelBillingV1PlanTier | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        allowed = self.allowed

        balance_covers = self.balance_covers

        estimated_credits = self.estimated_credits

        fallback_models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fallback_models, Unset):
            fallback_models = []
            for fallback_models_item_data in self.fallback_models:
                fallback_models_item = fallback_models_item_data.to_dict()
                fallback_models.append(fallback_models_item)

        message = self.message

        model: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.to_dict()

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan

        reason = self.reason

        remaining_per_day = self.remaining_per_day

        remaining_per_minute = self.remaining_per_minute

        spendable_credits = self.spendable_credits

        upgrade_to: str | Unset = UNSET
        if not isinstance(self.upgrade_to, Unset):
            upgrade_to = self.upgrade_to

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if allowed is not UNSET:
            field_dict["allowed"] = allowed
        if balance_covers is not UNSET:
            field_dict["balance_covers"] = balance_covers
        if estimated_credits is not UNSET:
            field_dict["estimated_credits"] = estimated_credits
        if fallback_models is not UNSET:
            field_dict["fallback_models"] = fallback_models
        if message is not UNSET:
            field_dict["message"] = message
        if model is not UNSET:
            field_dict["model"] = model
        if plan is not UNSET:
            field_dict["plan"] = plan
        if reason is not UNSET:
            field_dict["reason"] = reason
        if remaining_per_day is not UNSET:
            field_dict["remaining_per_day"] = remaining_per_day
        if remaining_per_minute is not UNSET:
            field_dict["remaining_per_minute"] = remaining_per_minute
        if spendable_credits is not UNSET:
            field_dict["spendable_credits"] = spendable_credits
        if upgrade_to is not UNSET:
            field_dict["upgrade_to"] = upgrade_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_model import KeelBillingV1Model  # noqa: PLC0415

        d = dict(src_dict)
        allowed = d.pop("allowed", UNSET)

        balance_covers = d.pop("balance_covers", UNSET)

        estimated_credits = d.pop("estimated_credits", UNSET)

        _fallback_models = d.pop("fallback_models", UNSET)
        fallback_models: list[KeelBillingV1Model] | Unset = UNSET
        if _fallback_models is not UNSET:
            fallback_models = []
            for fallback_models_item_data in _fallback_models:
                fallback_models_item = KeelBillingV1Model.from_dict(fallback_models_item_data)

                fallback_models.append(fallback_models_item)

        message = d.pop("message", UNSET)

        _model = d.pop("model", UNSET)
        model: KeelBillingV1Model | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = KeelBillingV1Model.from_dict(_model)

        _plan = d.pop("plan", UNSET)
        plan: KeelBillingV1PlanTier | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = check_keel_billing_v1_plan_tier(_plan)

        reason = d.pop("reason", UNSET)

        remaining_per_day = d.pop("remaining_per_day", UNSET)

        remaining_per_minute = d.pop("remaining_per_minute", UNSET)

        spendable_credits = d.pop("spendable_credits", UNSET)

        _upgrade_to = d.pop("upgrade_to", UNSET)
        upgrade_to: KeelBillingV1PlanTier | Unset
        if isinstance(_upgrade_to, Unset):
            upgrade_to = UNSET
        else:
            upgrade_to = check_keel_billing_v1_plan_tier(_upgrade_to)

        keel_billing_v1_check_ai_access_response = cls(
            allowed=allowed,
            balance_covers=balance_covers,
            estimated_credits=estimated_credits,
            fallback_models=fallback_models,
            message=message,
            model=model,
            plan=plan,
            reason=reason,
            remaining_per_day=remaining_per_day,
            remaining_per_minute=remaining_per_minute,
            spendable_credits=spendable_credits,
            upgrade_to=upgrade_to,
        )

        return keel_billing_v1_check_ai_access_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_plan import KeelBillingV1Plan
    from ..models.keel_billing_v1_subscription import KeelBillingV1Subscription


T = TypeVar("T", bound="KeelBillingV1GetBillingStatusResponse")


@_attrs_define
class KeelBillingV1GetBillingStatusResponse:
    """
    Attributes:
        plan (KeelBillingV1Plan | Unset):
        subscription (KeelBillingV1Subscription | Unset):
    """

    plan: KeelBillingV1Plan | Unset = UNSET
    subscription: KeelBillingV1Subscription | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        plan: dict[str, Any] | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan.to_dict()

        subscription: dict[str, Any] | Unset = UNSET
        if not isinstance(self.subscription, Unset):
            subscription = self.subscription.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if plan is not UNSET:
            field_dict["plan"] = plan
        if subscription is not UNSET:
            field_dict["subscription"] = subscription

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_plan import KeelBillingV1Plan  # noqa: PLC0415
        from ..models.keel_billing_v1_subscription import KeelBillingV1Subscription  # noqa: PLC0415

        d = dict(src_dict)
        _plan = d.pop("plan", UNSET)
        plan: KeelBillingV1Plan | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = KeelBillingV1Plan.from_dict(_plan)

        _subscription = d.pop("subscription", UNSET)
        subscription: KeelBillingV1Subscription | Unset
        if isinstance(_subscription, Unset):
            subscription = UNSET
        else:
            subscription = KeelBillingV1Subscription.from_dict(_subscription)

        keel_billing_v1_get_billing_status_response = cls(
            plan=plan,
            subscription=subscription,
        )

        return keel_billing_v1_get_billing_status_response

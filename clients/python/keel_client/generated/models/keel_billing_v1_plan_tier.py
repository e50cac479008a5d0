from typing import Literal

KeelBillingV1PlanTier = Literal[
    "PLAN_TIER_ENTERPRISE",
    "PLAN_TIER_FREE",
    "PLAN_TIER_PRO",
    "PLAN_TIER_TEAM",
    "PLAN_TIER_UNSPECIFIED",
]

KEEL_BILLING_V1_PLAN_TIER_VALUES: set[KeelBillingV1PlanTier] = {
    "PLAN_TIER_ENTERPRISE",
    "PLAN_TIER_FREE",
    "PLAN_TIER_PRO",
    "PLAN_TIER_TEAM",
    "PLAN_TIER_UNSPECIFIED",
}


def check_keel_billing_v1_plan_tier(value: str) -> KeelBillingV1PlanTier:
    if value in KEEL_BILLING_V1_PLAN_TIER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_PLAN_TIER_VALUES!r}"
    )

from typing import Literal

BillingServiceCreateCheckoutSessionBodyPlan = Literal["PLAN_TIER_PRO", "PLAN_TIER_TEAM"]

BILLING_SERVICE_CREATE_CHECKOUT_SESSION_BODY_PLAN_VALUES: set[
    BillingServiceCreateCheckoutSessionBodyPlan
] = {
    "PLAN_TIER_PRO",
    "PLAN_TIER_TEAM",
}


def check_billing_service_create_checkout_session_body_plan(
    value: str,
) -> BillingServiceCreateCheckoutSessionBodyPlan:
    if value in BILLING_SERVICE_CREATE_CHECKOUT_SESSION_BODY_PLAN_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {BILLING_SERVICE_CREATE_CHECKOUT_SESSION_BODY_PLAN_VALUES!r}"
    )

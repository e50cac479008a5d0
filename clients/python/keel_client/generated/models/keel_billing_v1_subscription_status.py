from typing import Literal

KeelBillingV1SubscriptionStatus = Literal[
    "SUBSCRIPTION_STATUS_ACTIVE",
    "SUBSCRIPTION_STATUS_CANCELED",
    "SUBSCRIPTION_STATUS_PAST_DUE",
    "SUBSCRIPTION_STATUS_TRIALING",
    "SUBSCRIPTION_STATUS_UNPAID",
    "SUBSCRIPTION_STATUS_UNSPECIFIED",
]

KEEL_BILLING_V1_SUBSCRIPTION_STATUS_VALUES: set[KeelBillingV1SubscriptionStatus] = {
    "SUBSCRIPTION_STATUS_ACTIVE",
    "SUBSCRIPTION_STATUS_CANCELED",
    "SUBSCRIPTION_STATUS_PAST_DUE",
    "SUBSCRIPTION_STATUS_TRIALING",
    "SUBSCRIPTION_STATUS_UNPAID",
    "SUBSCRIPTION_STATUS_UNSPECIFIED",
}


def check_keel_billing_v1_subscription_status(value: str) -> KeelBillingV1SubscriptionStatus:
    if value in KEEL_BILLING_V1_SUBSCRIPTION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_SUBSCRIPTION_STATUS_VALUES!r}"
    )

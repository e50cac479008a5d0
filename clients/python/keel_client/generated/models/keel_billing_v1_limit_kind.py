from typing import Literal

KeelBillingV1LimitKind = Literal[
    "LIMIT_KIND_AGENTS", "LIMIT_KIND_MONTHLY_RUNS", "LIMIT_KIND_UNSPECIFIED"
]

KEEL_BILLING_V1_LIMIT_KIND_VALUES: set[KeelBillingV1LimitKind] = {
    "LIMIT_KIND_AGENTS",
    "LIMIT_KIND_MONTHLY_RUNS",
    "LIMIT_KIND_UNSPECIFIED",
}


def check_keel_billing_v1_limit_kind(value: str) -> KeelBillingV1LimitKind:
    if value in KEEL_BILLING_V1_LIMIT_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_LIMIT_KIND_VALUES!r}"
    )

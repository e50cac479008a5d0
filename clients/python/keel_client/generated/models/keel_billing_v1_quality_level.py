from typing import Literal

KeelBillingV1QualityLevel = Literal[
    "QUALITY_LEVEL_ENHANCED",
    "QUALITY_LEVEL_FAST",
    "QUALITY_LEVEL_PREMIUM",
    "QUALITY_LEVEL_UNSPECIFIED",
]

KEEL_BILLING_V1_QUALITY_LEVEL_VALUES: set[KeelBillingV1QualityLevel] = {
    "QUALITY_LEVEL_ENHANCED",
    "QUALITY_LEVEL_FAST",
    "QUALITY_LEVEL_PREMIUM",
    "QUALITY_LEVEL_UNSPECIFIED",
}


def check_keel_billing_v1_quality_level(value: str) -> KeelBillingV1QualityLevel:
    if value in KEEL_BILLING_V1_QUALITY_LEVEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_QUALITY_LEVEL_VALUES!r}"
    )

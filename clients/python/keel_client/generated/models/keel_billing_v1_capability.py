from typing import Literal

KeelBillingV1Capability = Literal[
    "CAPABILITY_AGENT_RUN",
    "CAPABILITY_QUESTION_GENERATION",
    "CAPABILITY_TESTIMONIAL_ASSEMBLY",
    "CAPABILITY_TESTIMONIAL_POLISH",
    "CAPABILITY_UNSPECIFIED",
]

KEEL_BILLING_V1_CAPABILITY_VALUES: set[KeelBillingV1Capability] = {
    "CAPABILITY_AGENT_RUN",
    "CAPABILITY_QUESTION_GENERATION",
    "CAPABILITY_TESTIMONIAL_ASSEMBLY",
    "CAPABILITY_TESTIMONIAL_POLISH",
    "CAPABILITY_UNSPECIFIED",
}


def check_keel_billing_v1_capability(value: str) -> KeelBillingV1Capability:
    if value in KEEL_BILLING_V1_CAPABILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_CAPABILITY_VALUES!r}"
    )

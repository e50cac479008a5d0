from typing import Literal

KeelAgentsV1Visibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

KEEL_AGENTS_V1_VISIBILITY_VALUES: set[KeelAgentsV1Visibility] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_keel_agents_v1_visibility(value: str) -> KeelAgentsV1Visibility:
    if value in KEEL_AGENTS_V1_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_VISIBILITY_VALUES!r}"
    )

from typing import Literal

KeelAgentsV1ModelQuality = Literal[
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
    "MODEL_QUALITY_UNSPECIFIED",
]

KEEL_AGENTS_V1_MODEL_QUALITY_VALUES: set[KeelAgentsV1ModelQuality] = {
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
    "MODEL_QUALITY_UNSPECIFIED",
}


def check_keel_agents_v1_model_quality(value: str) -> KeelAgentsV1ModelQuality:
    if value in KEEL_AGENTS_V1_MODEL_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_MODEL_QUALITY_VALUES!r}"
    )

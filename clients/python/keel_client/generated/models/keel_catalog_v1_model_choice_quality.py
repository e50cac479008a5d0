from typing import Literal

KeelCatalogV1ModelChoiceQuality = Literal[
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
    "MODEL_QUALITY_UNSPECIFIED",
]

KEEL_CATALOG_V1_MODEL_CHOICE_QUALITY_VALUES: set[KeelCatalogV1ModelChoiceQuality] = {
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
    "MODEL_QUALITY_UNSPECIFIED",
}


def check_keel_catalog_v1_model_choice_quality(value: str) -> KeelCatalogV1ModelChoiceQuality:
    if value in KEEL_CATALOG_V1_MODEL_CHOICE_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_MODEL_CHOICE_QUALITY_VALUES!r}"
    )

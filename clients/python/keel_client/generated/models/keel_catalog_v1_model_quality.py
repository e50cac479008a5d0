from typing import Literal

KeelCatalogV1ModelQuality = Literal[
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
    "MODEL_QUALITY_UNSPECIFIED",
]

KEEL_CATALOG_V1_MODEL_QUALITY_VALUES: set[KeelCatalogV1ModelQuality] = {
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
    "MODEL_QUALITY_UNSPECIFIED",
}


def check_keel_catalog_v1_model_quality(value: str) -> KeelCatalogV1ModelQuality:
    if value in KEEL_CATALOG_V1_MODEL_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_MODEL_QUALITY_VALUES!r}"
    )

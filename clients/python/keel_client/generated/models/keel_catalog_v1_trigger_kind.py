from typing import Literal

KeelCatalogV1TriggerKind = Literal[
    "TRIGGER_KIND_CHANNEL_MESSAGE",
    "TRIGGER_KIND_MANUAL",
    "TRIGGER_KIND_SCHEDULE",
    "TRIGGER_KIND_WEBHOOK",
]

KEEL_CATALOG_V1_TRIGGER_KIND_VALUES: set[KeelCatalogV1TriggerKind] = {
    "TRIGGER_KIND_CHANNEL_MESSAGE",
    "TRIGGER_KIND_MANUAL",
    "TRIGGER_KIND_SCHEDULE",
    "TRIGGER_KIND_WEBHOOK",
}


def check_keel_catalog_v1_trigger_kind(value: str) -> KeelCatalogV1TriggerKind:
    if value in KEEL_CATALOG_V1_TRIGGER_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_TRIGGER_KIND_VALUES!r}"
    )

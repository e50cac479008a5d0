from typing import Literal

KeelAgentsV1ExportFormat = Literal[
    "EXPORT_FORMAT_CSV", "EXPORT_FORMAT_JSON", "EXPORT_FORMAT_UNSPECIFIED"
]

KEEL_AGENTS_V1_EXPORT_FORMAT_VALUES: set[KeelAgentsV1ExportFormat] = {
    "EXPORT_FORMAT_CSV",
    "EXPORT_FORMAT_JSON",
    "EXPORT_FORMAT_UNSPECIFIED",
}


def check_keel_agents_v1_export_format(value: str) -> KeelAgentsV1ExportFormat:
    if value in KEEL_AGENTS_V1_EXPORT_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_EXPORT_FORMAT_VALUES!r}"
    )

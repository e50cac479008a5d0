from typing import Literal

KeelBillingV1UsageExportRows = Literal[
    "USAGE_EXPORT_ROWS_AGENTS", "USAGE_EXPORT_ROWS_DAYS", "USAGE_EXPORT_ROWS_UNSPECIFIED"
]

KEEL_BILLING_V1_USAGE_EXPORT_ROWS_VALUES: set[KeelBillingV1UsageExportRows] = {
    "USAGE_EXPORT_ROWS_AGENTS",
    "USAGE_EXPORT_ROWS_DAYS",
    "USAGE_EXPORT_ROWS_UNSPECIFIED",
}


def check_keel_billing_v1_usage_export_rows(value: str) -> KeelBillingV1UsageExportRows:
    if value in KEEL_BILLING_V1_USAGE_EXPORT_ROWS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_USAGE_EXPORT_ROWS_VALUES!r}"
    )

from typing import Literal

UsageServiceExportUsageRows = Literal[
    "USAGE_EXPORT_ROWS_AGENTS", "USAGE_EXPORT_ROWS_DAYS", "USAGE_EXPORT_ROWS_UNSPECIFIED"
]

USAGE_SERVICE_EXPORT_USAGE_ROWS_VALUES: set[UsageServiceExportUsageRows] = {
    "USAGE_EXPORT_ROWS_AGENTS",
    "USAGE_EXPORT_ROWS_DAYS",
    "USAGE_EXPORT_ROWS_UNSPECIFIED",
}


def check_usage_service_export_usage_rows(value: str) -> UsageServiceExportUsageRows:
    if value in USAGE_SERVICE_EXPORT_USAGE_ROWS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USAGE_SERVICE_EXPORT_USAGE_ROWS_VALUES!r}"
    )

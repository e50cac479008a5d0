from typing import Literal

AnalyticsServiceExportRunLogsFormat = Literal[
    "EXPORT_FORMAT_CSV", "EXPORT_FORMAT_JSON", "EXPORT_FORMAT_UNSPECIFIED"
]

ANALYTICS_SERVICE_EXPORT_RUN_LOGS_FORMAT_VALUES: set[AnalyticsServiceExportRunLogsFormat] = {
    "EXPORT_FORMAT_CSV",
    "EXPORT_FORMAT_JSON",
    "EXPORT_FORMAT_UNSPECIFIED",
}


def check_analytics_service_export_run_logs_format(
    value: str,
) -> AnalyticsServiceExportRunLogsFormat:
    if value in ANALYTICS_SERVICE_EXPORT_RUN_LOGS_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_SERVICE_EXPORT_RUN_LOGS_FORMAT_VALUES!r}"
    )

from typing import Literal

AnalyticsServiceExportRunLogsWindowDaysType1 = Literal[7, 30, 90]

ANALYTICS_SERVICE_EXPORT_RUN_LOGS_WINDOW_DAYS_TYPE_1_VALUES: set[
    AnalyticsServiceExportRunLogsWindowDaysType1
] = {
    7,
    30,
    90,
}


def check_analytics_service_export_run_logs_window_days_type_1(
    value: int,
) -> AnalyticsServiceExportRunLogsWindowDaysType1:
    if value in ANALYTICS_SERVICE_EXPORT_RUN_LOGS_WINDOW_DAYS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_SERVICE_EXPORT_RUN_LOGS_WINDOW_DAYS_TYPE_1_VALUES!r}"
    )

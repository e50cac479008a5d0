from typing import Literal

AnalyticsServiceListToolExecutionsWindowDaysType1 = Literal[7, 30, 90]

ANALYTICS_SERVICE_LIST_TOOL_EXECUTIONS_WINDOW_DAYS_TYPE_1_VALUES: set[
    AnalyticsServiceListToolExecutionsWindowDaysType1
] = {
    7,
    30,
    90,
}


def check_analytics_service_list_tool_executions_window_days_type_1(
    value: int,
) -> AnalyticsServiceListToolExecutionsWindowDaysType1:
    if value in ANALYTICS_SERVICE_LIST_TOOL_EXECUTIONS_WINDOW_DAYS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_SERVICE_LIST_TOOL_EXECUTIONS_WINDOW_DAYS_TYPE_1_VALUES!r}"
    )

from typing import Literal

AnalyticsServiceListAgentToolsWindowDaysType1 = Literal[7, 30, 90]

ANALYTICS_SERVICE_LIST_AGENT_TOOLS_WINDOW_DAYS_TYPE_1_VALUES: set[
    AnalyticsServiceListAgentToolsWindowDaysType1
] = {
    7,
    30,
    90,
}


def check_analytics_service_list_agent_tools_window_days_type_1(
    value: int,
) -> AnalyticsServiceListAgentToolsWindowDaysType1:
    if value in ANALYTICS_SERVICE_LIST_AGENT_TOOLS_WINDOW_DAYS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_SERVICE_LIST_AGENT_TOOLS_WINDOW_DAYS_TYPE_1_VALUES!r}"
    )

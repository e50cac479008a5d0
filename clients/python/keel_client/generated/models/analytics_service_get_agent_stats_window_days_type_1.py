from typing import Literal

AnalyticsServiceGetAgentStatsWindowDaysType1 = Literal[7, 30, 90]

ANALYTICS_SERVICE_GET_AGENT_STATS_WINDOW_DAYS_TYPE_1_VALUES: set[
    AnalyticsServiceGetAgentStatsWindowDaysType1
] = {
    7,
    30,
    90,
}


def check_analytics_service_get_agent_stats_window_days_type_1(
    value: int,
) -> AnalyticsServiceGetAgentStatsWindowDaysType1:
    if value in ANALYTICS_SERVICE_GET_AGENT_STATS_WINDOW_DAYS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_SERVICE_GET_AGENT_STATS_WINDOW_DAYS_TYPE_1_VALUES!r}"
    )

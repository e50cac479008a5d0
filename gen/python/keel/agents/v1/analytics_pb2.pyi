import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    EXPORT_FORMAT_JSON: _ClassVar[ExportFormat]
    EXPORT_FORMAT_CSV: _ClassVar[ExportFormat]
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
EXPORT_FORMAT_JSON: ExportFormat
EXPORT_FORMAT_CSV: ExportFormat

class Window(_message.Message):
    __slots__ = ("days", "first_day", "last_day")
    DAYS_FIELD_NUMBER: _ClassVar[int]
    FIRST_DAY_FIELD_NUMBER: _ClassVar[int]
    LAST_DAY_FIELD_NUMBER: _ClassVar[int]
    days: int
    first_day: str
    last_day: str
    def __init__(self, days: _Optional[int] = ..., first_day: _Optional[str] = ..., last_day: _Optional[str] = ...) -> None: ...

class AgentStats(_message.Message):
    __slots__ = ("window", "total_runs", "finished_runs", "completed_runs", "failed_runs", "cancelled_runs", "timed_out_runs", "success_rate", "avg_duration_ms", "p50_duration_ms", "p95_duration_ms", "cost_usd", "credits", "input_tokens", "output_tokens", "cached_input_tokens", "total_tokens")
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    TOTAL_RUNS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_RUNS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_RUNS_FIELD_NUMBER: _ClassVar[int]
    FAILED_RUNS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_RUNS_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_RUNS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    AVG_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    P50_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    P95_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    COST_USD_FIELD_NUMBER: _ClassVar[int]
    CREDITS_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    CACHED_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TOKENS_FIELD_NUMBER: _ClassVar[int]
    window: Window
    total_runs: int
    finished_runs: int
    completed_runs: int
    failed_runs: int
    cancelled_runs: int
    timed_out_runs: int
    success_rate: float
    avg_duration_ms: int
    p50_duration_ms: int
    p95_duration_ms: int
    cost_usd: str
    credits: str
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    total_tokens: int
    def __init__(self, window: _Optional[_Union[Window, _Mapping]] = ..., total_runs: _Optional[int] = ..., finished_runs: _Optional[int] = ..., completed_runs: _Optional[int] = ..., failed_runs: _Optional[int] = ..., cancelled_runs: _Optional[int] = ..., timed_out_runs: _Optional[int] = ..., success_rate: _Optional[float] = ..., avg_duration_ms: _Optional[int] = ..., p50_duration_ms: _Optional[int] = ..., p95_duration_ms: _Optional[int] = ..., cost_usd: _Optional[str] = ..., credits: _Optional[str] = ..., input_tokens: _Optional[int] = ..., output_tokens: _Optional[int] = ..., cached_input_tokens: _Optional[int] = ..., total_tokens: _Optional[int] = ...) -> None: ...

class TimelineDay(_message.Message):
    __slots__ = ("day", "started", "completed", "failed", "cancelled", "timed_out")
    DAY_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_FIELD_NUMBER: _ClassVar[int]
    day: str
    started: int
    completed: int
    failed: int
    cancelled: int
    timed_out: int
    def __init__(self, day: _Optional[str] = ..., started: _Optional[int] = ..., completed: _Optional[int] = ..., failed: _Optional[int] = ..., cancelled: _Optional[int] = ..., timed_out: _Optional[int] = ...) -> None: ...

class ToolStats(_message.Message):
    __slots__ = ("tool", "executions", "errors", "avg_duration_ms", "max_duration_ms")
    TOOL_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    AVG_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    tool: str
    executions: int
    errors: int
    avg_duration_ms: int
    max_duration_ms: int
    def __init__(self, tool: _Optional[str] = ..., executions: _Optional[int] = ..., errors: _Optional[int] = ..., avg_duration_ms: _Optional[int] = ..., max_duration_ms: _Optional[int] = ...) -> None: ...

class ToolExecution(_message.Message):
    __slots__ = ("run_id", "step_key", "tool", "status", "error", "duration_ms", "started_at", "finished_at")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_KEY_FIELD_NUMBER: _ClassVar[int]
    TOOL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    step_key: str
    tool: str
    status: str
    error: str
    duration_ms: int
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    def __init__(self, run_id: _Optional[str] = ..., step_key: _Optional[str] = ..., tool: _Optional[str] = ..., status: _Optional[str] = ..., error: _Optional[str] = ..., duration_ms: _Optional[int] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetAgentAnalyticsRequest(_message.Message):
    __slots__ = ("agent_id", "window_days")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window_days: int
    def __init__(self, agent_id: _Optional[str] = ..., window_days: _Optional[int] = ...) -> None: ...

class GetAgentAnalyticsResponse(_message.Message):
    __slots__ = ("stats", "timeline", "slowest_tools")
    STATS_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    SLOWEST_TOOLS_FIELD_NUMBER: _ClassVar[int]
    stats: AgentStats
    timeline: _containers.RepeatedCompositeFieldContainer[TimelineDay]
    slowest_tools: _containers.RepeatedCompositeFieldContainer[ToolStats]
    def __init__(self, stats: _Optional[_Union[AgentStats, _Mapping]] = ..., timeline: _Optional[_Iterable[_Union[TimelineDay, _Mapping]]] = ..., slowest_tools: _Optional[_Iterable[_Union[ToolStats, _Mapping]]] = ...) -> None: ...

class GetAgentStatsRequest(_message.Message):
    __slots__ = ("agent_id", "window_days")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window_days: int
    def __init__(self, agent_id: _Optional[str] = ..., window_days: _Optional[int] = ...) -> None: ...

class GetAgentStatsResponse(_message.Message):
    __slots__ = ("stats",)
    STATS_FIELD_NUMBER: _ClassVar[int]
    stats: AgentStats
    def __init__(self, stats: _Optional[_Union[AgentStats, _Mapping]] = ...) -> None: ...

class GetAgentTimelineRequest(_message.Message):
    __slots__ = ("agent_id", "window_days")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window_days: int
    def __init__(self, agent_id: _Optional[str] = ..., window_days: _Optional[int] = ...) -> None: ...

class GetAgentTimelineResponse(_message.Message):
    __slots__ = ("window", "days")
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    window: Window
    days: _containers.RepeatedCompositeFieldContainer[TimelineDay]
    def __init__(self, window: _Optional[_Union[Window, _Mapping]] = ..., days: _Optional[_Iterable[_Union[TimelineDay, _Mapping]]] = ...) -> None: ...

class ListAgentToolsRequest(_message.Message):
    __slots__ = ("agent_id", "window_days", "page_size", "page_token")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window_days: int
    page_size: int
    page_token: str
    def __init__(self, agent_id: _Optional[str] = ..., window_days: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAgentToolsResponse(_message.Message):
    __slots__ = ("window", "tools", "next_page_token")
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    window: Window
    tools: _containers.RepeatedCompositeFieldContainer[ToolStats]
    next_page_token: str
    def __init__(self, window: _Optional[_Union[Window, _Mapping]] = ..., tools: _Optional[_Iterable[_Union[ToolStats, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListToolExecutionsRequest(_message.Message):
    __slots__ = ("agent_id", "window_days", "tool", "page_size", "page_token")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    TOOL_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window_days: int
    tool: str
    page_size: int
    page_token: str
    def __init__(self, agent_id: _Optional[str] = ..., window_days: _Optional[int] = ..., tool: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListToolExecutionsResponse(_message.Message):
    __slots__ = ("executions", "next_page_token")
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    executions: _containers.RepeatedCompositeFieldContainer[ToolExecution]
    next_page_token: str
    def __init__(self, executions: _Optional[_Iterable[_Union[ToolExecution, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ExportRunLogsRequest(_message.Message):
    __slots__ = ("agent_id", "window_days", "format", "max_runs")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    MAX_RUNS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window_days: int
    format: ExportFormat
    max_runs: int
    def __init__(self, agent_id: _Optional[str] = ..., window_days: _Optional[int] = ..., format: _Optional[_Union[ExportFormat, str]] = ..., max_runs: _Optional[int] = ...) -> None: ...

class AgentInsight(_message.Message):
    __slots__ = ("agent_id", "name", "runs_started", "completed_runs", "failed_runs", "cancelled_runs", "timed_out_runs", "success_rate", "cost_usd", "credits", "input_tokens", "output_tokens", "last_active_day")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RUNS_STARTED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_RUNS_FIELD_NUMBER: _ClassVar[int]
    FAILED_RUNS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_RUNS_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_RUNS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    COST_USD_FIELD_NUMBER: _ClassVar[int]
    CREDITS_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVE_DAY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    name: str
    runs_started: int
    completed_runs: int
    failed_runs: int
    cancelled_runs: int
    timed_out_runs: int
    success_rate: float
    cost_usd: str
    credits: str
    input_tokens: int
    output_tokens: int
    last_active_day: str
    def __init__(self, agent_id: _Optional[str] = ..., name: _Optional[str] = ..., runs_started: _Optional[int] = ..., completed_runs: _Optional[int] = ..., failed_runs: _Optional[int] = ..., cancelled_runs: _Optional[int] = ..., timed_out_runs: _Optional[int] = ..., success_rate: _Optional[float] = ..., cost_usd: _Optional[str] = ..., credits: _Optional[str] = ..., input_tokens: _Optional[int] = ..., output_tokens: _Optional[int] = ..., last_active_day: _Optional[str] = ...) -> None: ...

class OrganizationInsight(_message.Message):
    __slots__ = ("window", "runs_started", "completed_runs", "failed_runs", "cancelled_runs", "timed_out_runs", "success_rate", "cost_usd", "credits", "input_tokens", "output_tokens", "active_agents", "agents_with_runs", "agents", "top_agents")
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    RUNS_STARTED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_RUNS_FIELD_NUMBER: _ClassVar[int]
    FAILED_RUNS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_RUNS_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_RUNS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    COST_USD_FIELD_NUMBER: _ClassVar[int]
    CREDITS_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_AGENTS_FIELD_NUMBER: _ClassVar[int]
    AGENTS_WITH_RUNS_FIELD_NUMBER: _ClassVar[int]
    AGENTS_FIELD_NUMBER: _ClassVar[int]
    TOP_AGENTS_FIELD_NUMBER: _ClassVar[int]
    window: Window
    runs_started: int
    completed_runs: int
    failed_runs: int
    cancelled_runs: int
    timed_out_runs: int
    success_rate: float
    cost_usd: str
    credits: str
    input_tokens: int
    output_tokens: int
    active_agents: int
    agents_with_runs: int
    agents: _containers.RepeatedCompositeFieldContainer[AgentInsight]
    top_agents: _containers.RepeatedCompositeFieldContainer[AgentInsight]
    def __init__(self, window: _Optional[_Union[Window, _Mapping]] = ..., runs_started: _Optional[int] = ..., completed_runs: _Optional[int] = ..., failed_runs: _Optional[int] = ..., cancelled_runs: _Optional[int] = ..., timed_out_runs: _Optional[int] = ..., success_rate: _Optional[float] = ..., cost_usd: _Optional[str] = ..., credits: _Optional[str] = ..., input_tokens: _Optional[int] = ..., output_tokens: _Optional[int] = ..., active_agents: _Optional[int] = ..., agents_with_runs: _Optional[int] = ..., agents: _Optional[_Iterable[_Union[AgentInsight, _Mapping]]] = ..., top_agents: _Optional[_Iterable[_Union[AgentInsight, _Mapping]]] = ...) -> None: ...

class GetOrganizationInsightRequest(_message.Message):
    __slots__ = ("org_id", "days", "max_agents")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    MAX_AGENTS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    days: int
    max_agents: int
    def __init__(self, org_id: _Optional[str] = ..., days: _Optional[int] = ..., max_agents: _Optional[int] = ...) -> None: ...

class GetOrganizationInsightResponse(_message.Message):
    __slots__ = ("insight",)
    INSIGHT_FIELD_NUMBER: _ClassVar[int]
    insight: OrganizationInsight
    def __init__(self, insight: _Optional[_Union[OrganizationInsight, _Mapping]] = ...) -> None: ...

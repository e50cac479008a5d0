import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.agents.v1 import analytics_pb2 as _analytics_pb2
from keel.billing.v1 import plans_pb2 as _plans_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LimitKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIMIT_KIND_UNSPECIFIED: _ClassVar[LimitKind]
    LIMIT_KIND_AGENTS: _ClassVar[LimitKind]
    LIMIT_KIND_MONTHLY_RUNS: _ClassVar[LimitKind]

class UsageExportRows(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USAGE_EXPORT_ROWS_UNSPECIFIED: _ClassVar[UsageExportRows]
    USAGE_EXPORT_ROWS_DAYS: _ClassVar[UsageExportRows]
    USAGE_EXPORT_ROWS_AGENTS: _ClassVar[UsageExportRows]
LIMIT_KIND_UNSPECIFIED: LimitKind
LIMIT_KIND_AGENTS: LimitKind
LIMIT_KIND_MONTHLY_RUNS: LimitKind
USAGE_EXPORT_ROWS_UNSPECIFIED: UsageExportRows
USAGE_EXPORT_ROWS_DAYS: UsageExportRows
USAGE_EXPORT_ROWS_AGENTS: UsageExportRows

class LimitUsage(_message.Message):
    __slots__ = ("kind", "used", "limit", "percent")
    KIND_FIELD_NUMBER: _ClassVar[int]
    USED_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    kind: LimitKind
    used: int
    limit: int
    percent: int
    def __init__(self, kind: _Optional[_Union[LimitKind, str]] = ..., used: _Optional[int] = ..., limit: _Optional[int] = ..., percent: _Optional[int] = ...) -> None: ...

class UsageTotals(_message.Message):
    __slots__ = ("agents", "agents_created", "runs", "input_tokens", "output_tokens", "cost_usd", "credits_consumed")
    AGENTS_FIELD_NUMBER: _ClassVar[int]
    AGENTS_CREATED_FIELD_NUMBER: _ClassVar[int]
    RUNS_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COST_USD_FIELD_NUMBER: _ClassVar[int]
    CREDITS_CONSUMED_FIELD_NUMBER: _ClassVar[int]
    agents: int
    agents_created: int
    runs: int
    input_tokens: int
    output_tokens: int
    cost_usd: str
    credits_consumed: str
    def __init__(self, agents: _Optional[int] = ..., agents_created: _Optional[int] = ..., runs: _Optional[int] = ..., input_tokens: _Optional[int] = ..., output_tokens: _Optional[int] = ..., cost_usd: _Optional[str] = ..., credits_consumed: _Optional[str] = ...) -> None: ...

class GetUsageRequest(_message.Message):
    __slots__ = ("org_id",)
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    def __init__(self, org_id: _Optional[str] = ...) -> None: ...

class GetUsageResponse(_message.Message):
    __slots__ = ("org_id", "plan", "period_start", "period_end", "totals", "limits")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    plan: _plans_pb2.PlanTier
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    totals: UsageTotals
    limits: _containers.RepeatedCompositeFieldContainer[LimitUsage]
    def __init__(self, org_id: _Optional[str] = ..., plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., totals: _Optional[_Union[UsageTotals, _Mapping]] = ..., limits: _Optional[_Iterable[_Union[LimitUsage, _Mapping]]] = ...) -> None: ...

class GetUsageDashboardRequest(_message.Message):
    __slots__ = ("org_id", "days")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    days: int
    def __init__(self, org_id: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class UsageDay(_message.Message):
    __slots__ = ("date", "totals")
    DATE_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    date: str
    totals: UsageTotals
    def __init__(self, date: _Optional[str] = ..., totals: _Optional[_Union[UsageTotals, _Mapping]] = ...) -> None: ...

class GetUsageDashboardResponse(_message.Message):
    __slots__ = ("org_id", "plan", "period_start", "period_end", "period", "timeline", "limits", "credits_available", "credits_monthly_allocation", "agents")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    CREDITS_AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    CREDITS_MONTHLY_ALLOCATION_FIELD_NUMBER: _ClassVar[int]
    AGENTS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    plan: _plans_pb2.PlanTier
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    period: UsageTotals
    timeline: _containers.RepeatedCompositeFieldContainer[UsageDay]
    limits: _containers.RepeatedCompositeFieldContainer[LimitUsage]
    credits_available: str
    credits_monthly_allocation: str
    agents: _analytics_pb2.OrganizationInsight
    def __init__(self, org_id: _Optional[str] = ..., plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period: _Optional[_Union[UsageTotals, _Mapping]] = ..., timeline: _Optional[_Iterable[_Union[UsageDay, _Mapping]]] = ..., limits: _Optional[_Iterable[_Union[LimitUsage, _Mapping]]] = ..., credits_available: _Optional[str] = ..., credits_monthly_allocation: _Optional[str] = ..., agents: _Optional[_Union[_analytics_pb2.OrganizationInsight, _Mapping]] = ...) -> None: ...

class ExportUsageRequest(_message.Message):
    __slots__ = ("org_id", "days", "rows")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    days: int
    rows: UsageExportRows
    def __init__(self, org_id: _Optional[str] = ..., days: _Optional[int] = ..., rows: _Optional[_Union[UsageExportRows, str]] = ...) -> None: ...

class CheckLimitRequest(_message.Message):
    __slots__ = ("org_id", "limit", "increment")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    INCREMENT_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    limit: LimitKind
    increment: int
    def __init__(self, org_id: _Optional[str] = ..., limit: _Optional[_Union[LimitKind, str]] = ..., increment: _Optional[int] = ...) -> None: ...

class CheckLimitResponse(_message.Message):
    __slots__ = ("usage", "plan", "concurrent_run_limit")
    USAGE_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    CONCURRENT_RUN_LIMIT_FIELD_NUMBER: _ClassVar[int]
    usage: LimitUsage
    plan: _plans_pb2.PlanTier
    concurrent_run_limit: int
    def __init__(self, usage: _Optional[_Union[LimitUsage, _Mapping]] = ..., plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., concurrent_run_limit: _Optional[int] = ...) -> None: ...

class RecordUsageRequest(_message.Message):
    __slots__ = ("org_id", "idempotency_key", "agents_delta", "runs", "input_tokens", "output_tokens", "cost_usd", "occurred_at")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    AGENTS_DELTA_FIELD_NUMBER: _ClassVar[int]
    RUNS_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COST_USD_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    idempotency_key: str
    agents_delta: int
    runs: int
    input_tokens: int
    output_tokens: int
    cost_usd: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, org_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., agents_delta: _Optional[int] = ..., runs: _Optional[int] = ..., input_tokens: _Optional[int] = ..., output_tokens: _Optional[int] = ..., cost_usd: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordUsageResponse(_message.Message):
    __slots__ = ("recorded", "limits")
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    recorded: bool
    limits: _containers.RepeatedCompositeFieldContainer[LimitUsage]
    def __init__(self, recorded: _Optional[bool] = ..., limits: _Optional[_Iterable[_Union[LimitUsage, _Mapping]]] = ...) -> None: ...

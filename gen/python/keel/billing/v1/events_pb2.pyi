from keel.billing.v1 import plans_pb2 as _plans_pb2
from keel.billing.v1 import subscriptions_pb2 as _subscriptions_pb2
from keel.billing.v1 import usage_pb2 as _usage_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubscriptionChanged(_message.Message):
    __slots__ = ("org_id", "previous_plan", "subscription")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_PLAN_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    previous_plan: _plans_pb2.PlanTier
    subscription: _subscriptions_pb2.Subscription
    def __init__(self, org_id: _Optional[str] = ..., previous_plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., subscription: _Optional[_Union[_subscriptions_pb2.Subscription, _Mapping]] = ...) -> None: ...

class UsageThresholdCrossed(_message.Message):
    __slots__ = ("org_id", "limit", "threshold_percent", "used", "limit_value", "plan")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    USED_FIELD_NUMBER: _ClassVar[int]
    LIMIT_VALUE_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    limit: _usage_pb2.LimitKind
    threshold_percent: int
    used: int
    limit_value: int
    plan: _plans_pb2.PlanTier
    def __init__(self, org_id: _Optional[str] = ..., limit: _Optional[_Union[_usage_pb2.LimitKind, str]] = ..., threshold_percent: _Optional[int] = ..., used: _Optional[int] = ..., limit_value: _Optional[int] = ..., plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ...) -> None: ...

class CreditsLowBalance(_message.Message):
    __slots__ = ("org_id", "available", "monthly_allocation")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_ALLOCATION_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    available: str
    monthly_allocation: str
    def __init__(self, org_id: _Optional[str] = ..., available: _Optional[str] = ..., monthly_allocation: _Optional[str] = ...) -> None: ...

class ChildSpendingCapChanged(_message.Message):
    __slots__ = ("parent_org_id", "child_org_id", "previous_cap", "monthly_cap", "changed_by")
    PARENT_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CHILD_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_CAP_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_CAP_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    parent_org_id: str
    child_org_id: str
    previous_cap: str
    monthly_cap: str
    changed_by: str
    def __init__(self, parent_org_id: _Optional[str] = ..., child_org_id: _Optional[str] = ..., previous_cap: _Optional[str] = ..., monthly_cap: _Optional[str] = ..., changed_by: _Optional[str] = ...) -> None: ...

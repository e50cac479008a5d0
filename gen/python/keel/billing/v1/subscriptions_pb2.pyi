import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.billing.v1 import plans_pb2 as _plans_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubscriptionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBSCRIPTION_STATUS_UNSPECIFIED: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_ACTIVE: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_TRIALING: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_PAST_DUE: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_CANCELED: _ClassVar[SubscriptionStatus]
    SUBSCRIPTION_STATUS_UNPAID: _ClassVar[SubscriptionStatus]
SUBSCRIPTION_STATUS_UNSPECIFIED: SubscriptionStatus
SUBSCRIPTION_STATUS_ACTIVE: SubscriptionStatus
SUBSCRIPTION_STATUS_TRIALING: SubscriptionStatus
SUBSCRIPTION_STATUS_PAST_DUE: SubscriptionStatus
SUBSCRIPTION_STATUS_CANCELED: SubscriptionStatus
SUBSCRIPTION_STATUS_UNPAID: SubscriptionStatus

class Subscription(_message.Message):
    __slots__ = ("org_id", "plan", "status", "current_period_start", "current_period_end", "cancel_at_period_end", "pending_plan", "pending_plan_at", "stripe_customer_id", "stripe_subscription_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CURRENT_PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    CURRENT_PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    PENDING_PLAN_FIELD_NUMBER: _ClassVar[int]
    PENDING_PLAN_AT_FIELD_NUMBER: _ClassVar[int]
    STRIPE_CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    STRIPE_SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    plan: _plans_pb2.PlanTier
    status: SubscriptionStatus
    current_period_start: _timestamp_pb2.Timestamp
    current_period_end: _timestamp_pb2.Timestamp
    cancel_at_period_end: bool
    pending_plan: _plans_pb2.PlanTier
    pending_plan_at: _timestamp_pb2.Timestamp
    stripe_customer_id: str
    stripe_subscription_id: str
    def __init__(self, org_id: _Optional[str] = ..., plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., status: _Optional[_Union[SubscriptionStatus, str]] = ..., current_period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., current_period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancel_at_period_end: _Optional[bool] = ..., pending_plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., pending_plan_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stripe_customer_id: _Optional[str] = ..., stripe_subscription_id: _Optional[str] = ...) -> None: ...

class CreateCheckoutSessionRequest(_message.Message):
    __slots__ = ("org_id", "plan", "credit_package_id", "success_url", "cancel_url")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    CREDIT_PACKAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_URL_FIELD_NUMBER: _ClassVar[int]
    CANCEL_URL_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    plan: _plans_pb2.PlanTier
    credit_package_id: str
    success_url: str
    cancel_url: str
    def __init__(self, org_id: _Optional[str] = ..., plan: _Optional[_Union[_plans_pb2.PlanTier, str]] = ..., credit_package_id: _Optional[str] = ..., success_url: _Optional[str] = ..., cancel_url: _Optional[str] = ...) -> None: ...

class CreateCheckoutSessionResponse(_message.Message):
    __slots__ = ("session_id", "url")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    url: str
    def __init__(self, session_id: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class CreatePortalSessionRequest(_message.Message):
    __slots__ = ("org_id", "return_url")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    RETURN_URL_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    return_url: str
    def __init__(self, org_id: _Optional[str] = ..., return_url: _Optional[str] = ...) -> None: ...

class CreatePortalSessionResponse(_message.Message):
    __slots__ = ("url",)
    URL_FIELD_NUMBER: _ClassVar[int]
    url: str
    def __init__(self, url: _Optional[str] = ...) -> None: ...

class CheckOrganizationDeletionRequest(_message.Message):
    __slots__ = ("org_id",)
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    def __init__(self, org_id: _Optional[str] = ...) -> None: ...

class CheckOrganizationDeletionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetBillingStatusRequest(_message.Message):
    __slots__ = ("org_id",)
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    def __init__(self, org_id: _Optional[str] = ...) -> None: ...

class GetBillingStatusResponse(_message.Message):
    __slots__ = ("subscription", "plan")
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    subscription: Subscription
    plan: _plans_pb2.Plan
    def __init__(self, subscription: _Optional[_Union[Subscription, _Mapping]] = ..., plan: _Optional[_Union[_plans_pb2.Plan, _Mapping]] = ...) -> None: ...

class HandleStripeEventRequest(_message.Message):
    __slots__ = ("body",)
    BODY_FIELD_NUMBER: _ClassVar[int]
    body: _httpbody_pb2.HttpBody
    def __init__(self, body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class HandleStripeEventResponse(_message.Message):
    __slots__ = ("received",)
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    received: bool
    def __init__(self, received: _Optional[bool] = ...) -> None: ...

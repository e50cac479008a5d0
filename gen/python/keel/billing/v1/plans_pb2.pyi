import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.type import date_pb2 as _date_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PlanTier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLAN_TIER_UNSPECIFIED: _ClassVar[PlanTier]
    PLAN_TIER_FREE: _ClassVar[PlanTier]
    PLAN_TIER_PRO: _ClassVar[PlanTier]
    PLAN_TIER_TEAM: _ClassVar[PlanTier]
    PLAN_TIER_ENTERPRISE: _ClassVar[PlanTier]

class Capability(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAPABILITY_UNSPECIFIED: _ClassVar[Capability]
    CAPABILITY_QUESTION_GENERATION: _ClassVar[Capability]
    CAPABILITY_TESTIMONIAL_ASSEMBLY: _ClassVar[Capability]
    CAPABILITY_TESTIMONIAL_POLISH: _ClassVar[Capability]
    CAPABILITY_AGENT_RUN: _ClassVar[Capability]

class QualityLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    QUALITY_LEVEL_UNSPECIFIED: _ClassVar[QualityLevel]
    QUALITY_LEVEL_FAST: _ClassVar[QualityLevel]
    QUALITY_LEVEL_ENHANCED: _ClassVar[QualityLevel]
    QUALITY_LEVEL_PREMIUM: _ClassVar[QualityLevel]
PLAN_TIER_UNSPECIFIED: PlanTier
PLAN_TIER_FREE: PlanTier
PLAN_TIER_PRO: PlanTier
PLAN_TIER_TEAM: PlanTier
PLAN_TIER_ENTERPRISE: PlanTier
CAPABILITY_UNSPECIFIED: Capability
CAPABILITY_QUESTION_GENERATION: Capability
CAPABILITY_TESTIMONIAL_ASSEMBLY: Capability
CAPABILITY_TESTIMONIAL_POLISH: Capability
CAPABILITY_AGENT_RUN: Capability
QUALITY_LEVEL_UNSPECIFIED: QualityLevel
QUALITY_LEVEL_FAST: QualityLevel
QUALITY_LEVEL_ENHANCED: QualityLevel
QUALITY_LEVEL_PREMIUM: QualityLevel

class Money(_message.Message):
    __slots__ = ("currency", "amount_minor")
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    currency: str
    amount_minor: int
    def __init__(self, currency: _Optional[str] = ..., amount_minor: _Optional[int] = ...) -> None: ...

class Plan(_message.Message):
    __slots__ = ("tier", "name", "monthly_price", "custom_pricing", "agent_limit", "monthly_run_limit", "hourly_run_limit", "monthly_credits", "features", "concurrent_run_limit")
    TIER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PRICING_FIELD_NUMBER: _ClassVar[int]
    AGENT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_RUN_LIMIT_FIELD_NUMBER: _ClassVar[int]
    HOURLY_RUN_LIMIT_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_CREDITS_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    CONCURRENT_RUN_LIMIT_FIELD_NUMBER: _ClassVar[int]
    tier: PlanTier
    name: str
    monthly_price: Money
    custom_pricing: bool
    agent_limit: int
    monthly_run_limit: int
    hourly_run_limit: int
    monthly_credits: str
    features: _containers.RepeatedScalarFieldContainer[str]
    concurrent_run_limit: int
    def __init__(self, tier: _Optional[_Union[PlanTier, str]] = ..., name: _Optional[str] = ..., monthly_price: _Optional[_Union[Money, _Mapping]] = ..., custom_pricing: _Optional[bool] = ..., agent_limit: _Optional[int] = ..., monthly_run_limit: _Optional[int] = ..., hourly_run_limit: _Optional[int] = ..., monthly_credits: _Optional[str] = ..., features: _Optional[_Iterable[str]] = ..., concurrent_run_limit: _Optional[int] = ...) -> None: ...

class CreditPackage(_message.Message):
    __slots__ = ("id", "name", "credits", "price")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREDITS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    credits: str
    price: Money
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., credits: _Optional[str] = ..., price: _Optional[_Union[Money, _Mapping]] = ...) -> None: ...

class Model(_message.Message):
    __slots__ = ("id", "provider", "tier", "input_usd_per_million_tokens", "output_usd_per_million_tokens", "display_name", "context_window_tokens", "active", "deprecation_date", "replacement_model_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    INPUT_USD_PER_MILLION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_USD_PER_MILLION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_WINDOW_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    DEPRECATION_DATE_FIELD_NUMBER: _ClassVar[int]
    REPLACEMENT_MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    provider: str
    tier: QualityLevel
    input_usd_per_million_tokens: str
    output_usd_per_million_tokens: str
    display_name: str
    context_window_tokens: int
    active: bool
    deprecation_date: _date_pb2.Date
    replacement_model_id: str
    def __init__(self, id: _Optional[str] = ..., provider: _Optional[str] = ..., tier: _Optional[_Union[QualityLevel, str]] = ..., input_usd_per_million_tokens: _Optional[str] = ..., output_usd_per_million_tokens: _Optional[str] = ..., display_name: _Optional[str] = ..., context_window_tokens: _Optional[int] = ..., active: _Optional[bool] = ..., deprecation_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., replacement_model_id: _Optional[str] = ...) -> None: ...

class CapabilityInfo(_message.Message):
    __slots__ = ("capability", "description", "base_credits")
    CAPABILITY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BASE_CREDITS_FIELD_NUMBER: _ClassVar[int]
    capability: Capability
    description: str
    base_credits: str
    def __init__(self, capability: _Optional[_Union[Capability, str]] = ..., description: _Optional[str] = ..., base_credits: _Optional[str] = ...) -> None: ...

class QualityLevelInfo(_message.Message):
    __slots__ = ("quality", "credit_multiplier", "model_ids")
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    CREDIT_MULTIPLIER_FIELD_NUMBER: _ClassVar[int]
    MODEL_IDS_FIELD_NUMBER: _ClassVar[int]
    quality: QualityLevel
    credit_multiplier: str
    model_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, quality: _Optional[_Union[QualityLevel, str]] = ..., credit_multiplier: _Optional[str] = ..., model_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CapabilityAccess(_message.Message):
    __slots__ = ("capability", "quality", "models", "requests_per_minute", "requests_per_day", "estimated_credits")
    CAPABILITY_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_PER_DAY_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_CREDITS_FIELD_NUMBER: _ClassVar[int]
    capability: Capability
    quality: QualityLevel
    models: _containers.RepeatedCompositeFieldContainer[Model]
    requests_per_minute: int
    requests_per_day: int
    estimated_credits: str
    def __init__(self, capability: _Optional[_Union[Capability, str]] = ..., quality: _Optional[_Union[QualityLevel, str]] = ..., models: _Optional[_Iterable[_Union[Model, _Mapping]]] = ..., requests_per_minute: _Optional[int] = ..., requests_per_day: _Optional[int] = ..., estimated_credits: _Optional[str] = ...) -> None: ...

class ListPlansRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListPlansResponse(_message.Message):
    __slots__ = ("plans",)
    PLANS_FIELD_NUMBER: _ClassVar[int]
    plans: _containers.RepeatedCompositeFieldContainer[Plan]
    def __init__(self, plans: _Optional[_Iterable[_Union[Plan, _Mapping]]] = ...) -> None: ...

class ListCreditPackagesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCreditPackagesResponse(_message.Message):
    __slots__ = ("packages",)
    PACKAGES_FIELD_NUMBER: _ClassVar[int]
    packages: _containers.RepeatedCompositeFieldContainer[CreditPackage]
    def __init__(self, packages: _Optional[_Iterable[_Union[CreditPackage, _Mapping]]] = ...) -> None: ...

class GetAICatalogRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAICatalogResponse(_message.Message):
    __slots__ = ("capabilities", "quality_levels", "models")
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    QUALITY_LEVELS_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    capabilities: _containers.RepeatedCompositeFieldContainer[CapabilityInfo]
    quality_levels: _containers.RepeatedCompositeFieldContainer[QualityLevelInfo]
    models: _containers.RepeatedCompositeFieldContainer[Model]
    def __init__(self, capabilities: _Optional[_Iterable[_Union[CapabilityInfo, _Mapping]]] = ..., quality_levels: _Optional[_Iterable[_Union[QualityLevelInfo, _Mapping]]] = ..., models: _Optional[_Iterable[_Union[Model, _Mapping]]] = ...) -> None: ...

class GetEntitlementsRequest(_message.Message):
    __slots__ = ("org_id",)
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    def __init__(self, org_id: _Optional[str] = ...) -> None: ...

class GetEntitlementsResponse(_message.Message):
    __slots__ = ("org_id", "plan", "capabilities")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    plan: Plan
    capabilities: _containers.RepeatedCompositeFieldContainer[CapabilityAccess]
    def __init__(self, org_id: _Optional[str] = ..., plan: _Optional[_Union[Plan, _Mapping]] = ..., capabilities: _Optional[_Iterable[_Union[CapabilityAccess, _Mapping]]] = ...) -> None: ...

class CheckAIAccessRequest(_message.Message):
    __slots__ = ("org_id", "capability", "quality", "consume")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CAPABILITY_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    CONSUME_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    capability: Capability
    quality: QualityLevel
    consume: bool
    def __init__(self, org_id: _Optional[str] = ..., capability: _Optional[_Union[Capability, str]] = ..., quality: _Optional[_Union[QualityLevel, str]] = ..., consume: _Optional[bool] = ...) -> None: ...

class CheckAIAccessResponse(_message.Message):
    __slots__ = ("allowed", "reason", "message", "model", "fallback_models", "estimated_credits", "spendable_credits", "balance_covers", "upgrade_to", "plan", "remaining_per_minute", "remaining_per_day")
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_MODELS_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_CREDITS_FIELD_NUMBER: _ClassVar[int]
    SPENDABLE_CREDITS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_COVERS_FIELD_NUMBER: _ClassVar[int]
    UPGRADE_TO_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    REMAINING_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    REMAINING_PER_DAY_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    reason: str
    message: str
    model: Model
    fallback_models: _containers.RepeatedCompositeFieldContainer[Model]
    estimated_credits: str
    spendable_credits: str
    balance_covers: bool
    upgrade_to: PlanTier
    plan: PlanTier
    remaining_per_minute: int
    remaining_per_day: int
    def __init__(self, allowed: _Optional[bool] = ..., reason: _Optional[str] = ..., message: _Optional[str] = ..., model: _Optional[_Union[Model, _Mapping]] = ..., fallback_models: _Optional[_Iterable[_Union[Model, _Mapping]]] = ..., estimated_credits: _Optional[str] = ..., spendable_credits: _Optional[str] = ..., balance_covers: _Optional[bool] = ..., upgrade_to: _Optional[_Union[PlanTier, str]] = ..., plan: _Optional[_Union[PlanTier, str]] = ..., remaining_per_minute: _Optional[int] = ..., remaining_per_day: _Optional[int] = ...) -> None: ...

class AdmitRunRequest(_message.Message):
    __slots__ = ("org_id", "quality", "model_id", "hold_amount", "held_model_calls", "hold_key", "hold_ttl")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    HOLD_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    HELD_MODEL_CALLS_FIELD_NUMBER: _ClassVar[int]
    HOLD_KEY_FIELD_NUMBER: _ClassVar[int]
    HOLD_TTL_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    quality: QualityLevel
    model_id: str
    hold_amount: str
    held_model_calls: int
    hold_key: str
    hold_ttl: _duration_pb2.Duration
    def __init__(self, org_id: _Optional[str] = ..., quality: _Optional[_Union[QualityLevel, str]] = ..., model_id: _Optional[str] = ..., hold_amount: _Optional[str] = ..., held_model_calls: _Optional[int] = ..., hold_key: _Optional[str] = ..., hold_ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class AdmitRunResponse(_message.Message):
    __slots__ = ("model", "fallback_models", "credits_per_call", "reservation_id", "credits_held", "concurrent_run_limit", "plan")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_MODELS_FIELD_NUMBER: _ClassVar[int]
    CREDITS_PER_CALL_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    CREDITS_HELD_FIELD_NUMBER: _ClassVar[int]
    CONCURRENT_RUN_LIMIT_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    model: Model
    fallback_models: _containers.RepeatedCompositeFieldContainer[Model]
    credits_per_call: str
    reservation_id: str
    credits_held: str
    concurrent_run_limit: int
    plan: PlanTier
    def __init__(self, model: _Optional[_Union[Model, _Mapping]] = ..., fallback_models: _Optional[_Iterable[_Union[Model, _Mapping]]] = ..., credits_per_call: _Optional[str] = ..., reservation_id: _Optional[str] = ..., credits_held: _Optional[str] = ..., concurrent_run_limit: _Optional[int] = ..., plan: _Optional[_Union[PlanTier, str]] = ...) -> None: ...

class WithdrawRunRequest(_message.Message):
    __slots__ = ("admission",)
    ADMISSION_FIELD_NUMBER: _ClassVar[int]
    admission: AdmitRunRequest
    def __init__(self, admission: _Optional[_Union[AdmitRunRequest, _Mapping]] = ...) -> None: ...

class WithdrawRunResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

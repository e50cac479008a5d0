import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BucketKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BUCKET_KIND_UNSPECIFIED: _ClassVar[BucketKind]
    BUCKET_KIND_MONTHLY: _ClassVar[BucketKind]
    BUCKET_KIND_PURCHASED: _ClassVar[BucketKind]
    BUCKET_KIND_PROMOTIONAL: _ClassVar[BucketKind]

class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRANSACTION_TYPE_UNSPECIFIED: _ClassVar[TransactionType]
    TRANSACTION_TYPE_PLAN_ALLOCATION: _ClassVar[TransactionType]
    TRANSACTION_TYPE_TOPUP_PURCHASE: _ClassVar[TransactionType]
    TRANSACTION_TYPE_PROMO_BONUS: _ClassVar[TransactionType]
    TRANSACTION_TYPE_AI_CONSUMPTION: _ClassVar[TransactionType]
    TRANSACTION_TYPE_ADMIN_ADJUSTMENT: _ClassVar[TransactionType]
    TRANSACTION_TYPE_PLAN_CHANGE_ADJUSTMENT: _ClassVar[TransactionType]
    TRANSACTION_TYPE_EXPIRATION: _ClassVar[TransactionType]
    TRANSACTION_TYPE_RESERVATION_HOLD: _ClassVar[TransactionType]
    TRANSACTION_TYPE_RESERVATION_RELEASE: _ClassVar[TransactionType]
    TRANSACTION_TYPE_RESERVATION_EXPIRY: _ClassVar[TransactionType]
    TRANSACTION_TYPE_PURCHASE_REVERSAL: _ClassVar[TransactionType]

class ReservationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESERVATION_STATUS_UNSPECIFIED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_HELD: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_SETTLED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_RELEASED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_EXPIRED: _ClassVar[ReservationStatus]
BUCKET_KIND_UNSPECIFIED: BucketKind
BUCKET_KIND_MONTHLY: BucketKind
BUCKET_KIND_PURCHASED: BucketKind
BUCKET_KIND_PROMOTIONAL: BucketKind
TRANSACTION_TYPE_UNSPECIFIED: TransactionType
TRANSACTION_TYPE_PLAN_ALLOCATION: TransactionType
TRANSACTION_TYPE_TOPUP_PURCHASE: TransactionType
TRANSACTION_TYPE_PROMO_BONUS: TransactionType
TRANSACTION_TYPE_AI_CONSUMPTION: TransactionType
TRANSACTION_TYPE_ADMIN_ADJUSTMENT: TransactionType
TRANSACTION_TYPE_PLAN_CHANGE_ADJUSTMENT: TransactionType
TRANSACTION_TYPE_EXPIRATION: TransactionType
TRANSACTION_TYPE_RESERVATION_HOLD: TransactionType
TRANSACTION_TYPE_RESERVATION_RELEASE: TransactionType
TRANSACTION_TYPE_RESERVATION_EXPIRY: TransactionType
TRANSACTION_TYPE_PURCHASE_REVERSAL: TransactionType
RESERVATION_STATUS_UNSPECIFIED: ReservationStatus
RESERVATION_STATUS_HELD: ReservationStatus
RESERVATION_STATUS_SETTLED: ReservationStatus
RESERVATION_STATUS_RELEASED: ReservationStatus
RESERVATION_STATUS_EXPIRED: ReservationStatus

class Bucket(_message.Message):
    __slots__ = ("kind", "remaining", "expires_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    kind: BucketKind
    remaining: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, kind: _Optional[_Union[BucketKind, str]] = ..., remaining: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Balance(_message.Message):
    __slots__ = ("org_id", "balance", "reserved", "available", "spendable", "overdraft_limit", "buckets", "period_end", "monthly_allocation", "pool_org_id", "sub_organization")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    RESERVED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    SPENDABLE_FIELD_NUMBER: _ClassVar[int]
    OVERDRAFT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_ALLOCATION_FIELD_NUMBER: _ClassVar[int]
    POOL_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    balance: str
    reserved: str
    available: str
    spendable: str
    overdraft_limit: str
    buckets: _containers.RepeatedCompositeFieldContainer[Bucket]
    period_end: _timestamp_pb2.Timestamp
    monthly_allocation: str
    pool_org_id: str
    sub_organization: ChildSpending
    def __init__(self, org_id: _Optional[str] = ..., balance: _Optional[str] = ..., reserved: _Optional[str] = ..., available: _Optional[str] = ..., spendable: _Optional[str] = ..., overdraft_limit: _Optional[str] = ..., buckets: _Optional[_Iterable[_Union[Bucket, _Mapping]]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., monthly_allocation: _Optional[str] = ..., pool_org_id: _Optional[str] = ..., sub_organization: _Optional[_Union[ChildSpending, _Mapping]] = ...) -> None: ...

class ChildSpending(_message.Message):
    __slots__ = ("child_org_id", "parent_org_id", "monthly_cap", "spent", "remaining", "month_start", "cap_set_by", "cap_updated_at")
    CHILD_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_CAP_FIELD_NUMBER: _ClassVar[int]
    SPENT_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    MONTH_START_FIELD_NUMBER: _ClassVar[int]
    CAP_SET_BY_FIELD_NUMBER: _ClassVar[int]
    CAP_UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    child_org_id: str
    parent_org_id: str
    monthly_cap: str
    spent: str
    remaining: str
    month_start: _timestamp_pb2.Timestamp
    cap_set_by: str
    cap_updated_at: _timestamp_pb2.Timestamp
    def __init__(self, child_org_id: _Optional[str] = ..., parent_org_id: _Optional[str] = ..., monthly_cap: _Optional[str] = ..., spent: _Optional[str] = ..., remaining: _Optional[str] = ..., month_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cap_set_by: _Optional[str] = ..., cap_updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Transaction(_message.Message):
    __slots__ = ("id", "org_id", "type", "amount", "balance_after", "reserved_change", "reserved_after", "bucket", "reservation_id", "reference", "idempotency_key", "metadata", "created_at", "pool_org_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FIELD_NUMBER: _ClassVar[int]
    RESERVED_CHANGE_FIELD_NUMBER: _ClassVar[int]
    RESERVED_AFTER_FIELD_NUMBER: _ClassVar[int]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    POOL_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    type: TransactionType
    amount: str
    balance_after: str
    reserved_change: str
    reserved_after: str
    bucket: BucketKind
    reservation_id: str
    reference: str
    idempotency_key: str
    metadata: _struct_pb2.Struct
    created_at: _timestamp_pb2.Timestamp
    pool_org_id: str
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., type: _Optional[_Union[TransactionType, str]] = ..., amount: _Optional[str] = ..., balance_after: _Optional[str] = ..., reserved_change: _Optional[str] = ..., reserved_after: _Optional[str] = ..., bucket: _Optional[_Union[BucketKind, str]] = ..., reservation_id: _Optional[str] = ..., reference: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., pool_org_id: _Optional[str] = ...) -> None: ...

class Reservation(_message.Message):
    __slots__ = ("id", "org_id", "status", "amount", "settled_amount", "uncovered_amount", "expires_at", "created_at", "finished_at", "metadata", "pool_org_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    SETTLED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    UNCOVERED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    POOL_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    status: ReservationStatus
    amount: str
    settled_amount: str
    uncovered_amount: str
    expires_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    metadata: _struct_pb2.Struct
    pool_org_id: str
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., status: _Optional[_Union[ReservationStatus, str]] = ..., amount: _Optional[str] = ..., settled_amount: _Optional[str] = ..., uncovered_amount: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., pool_org_id: _Optional[str] = ...) -> None: ...

class GetBalanceRequest(_message.Message):
    __slots__ = ("org_id",)
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    def __init__(self, org_id: _Optional[str] = ...) -> None: ...

class GetBalanceResponse(_message.Message):
    __slots__ = ("balance",)
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    balance: Balance
    def __init__(self, balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class ListTransactionsRequest(_message.Message):
    __slots__ = ("org_id", "page_size", "page_token", "types", "since", "until")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    page_size: int
    page_token: str
    types: _containers.RepeatedScalarFieldContainer[TransactionType]
    since: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    def __init__(self, org_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., types: _Optional[_Iterable[_Union[TransactionType, str]]] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListTransactionsResponse(_message.Message):
    __slots__ = ("transactions", "next_page_token")
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    transactions: _containers.RepeatedCompositeFieldContainer[Transaction]
    next_page_token: str
    def __init__(self, transactions: _Optional[_Iterable[_Union[Transaction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReserveRequest(_message.Message):
    __slots__ = ("org_id", "amount", "idempotency_key", "ttl", "metadata")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    amount: str
    idempotency_key: str
    ttl: _duration_pb2.Duration
    metadata: _struct_pb2.Struct
    def __init__(self, org_id: _Optional[str] = ..., amount: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ReserveResponse(_message.Message):
    __slots__ = ("reservation", "balance")
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    balance: Balance
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ..., balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class GetReservationRequest(_message.Message):
    __slots__ = ("org_id", "reservation_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    reservation_id: str
    def __init__(self, org_id: _Optional[str] = ..., reservation_id: _Optional[str] = ...) -> None: ...

class GetReservationResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class SettleRequest(_message.Message):
    __slots__ = ("org_id", "reservation_id", "actual_amount", "idempotency_key")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    reservation_id: str
    actual_amount: str
    idempotency_key: str
    def __init__(self, org_id: _Optional[str] = ..., reservation_id: _Optional[str] = ..., actual_amount: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SettleResponse(_message.Message):
    __slots__ = ("reservation", "balance")
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    balance: Balance
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ..., balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class ReleaseRequest(_message.Message):
    __slots__ = ("org_id", "reservation_id", "idempotency_key")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    reservation_id: str
    idempotency_key: str
    def __init__(self, org_id: _Optional[str] = ..., reservation_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReleaseResponse(_message.Message):
    __slots__ = ("reservation", "balance")
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    balance: Balance
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ..., balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class GrantCreditsRequest(_message.Message):
    __slots__ = ("org_id", "amount", "bucket", "expires_at", "reason", "idempotency_key")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    amount: str
    bucket: BucketKind
    expires_at: _timestamp_pb2.Timestamp
    reason: str
    idempotency_key: str
    def __init__(self, org_id: _Optional[str] = ..., amount: _Optional[str] = ..., bucket: _Optional[_Union[BucketKind, str]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GrantCreditsResponse(_message.Message):
    __slots__ = ("transaction", "balance")
    TRANSACTION_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    transaction: Transaction
    balance: Balance
    def __init__(self, transaction: _Optional[_Union[Transaction, _Mapping]] = ..., balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class AdjustCreditsRequest(_message.Message):
    __slots__ = ("org_id", "amount", "overdraft_limit", "reason", "idempotency_key")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    OVERDRAFT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    amount: str
    overdraft_limit: str
    reason: str
    idempotency_key: str
    def __init__(self, org_id: _Optional[str] = ..., amount: _Optional[str] = ..., overdraft_limit: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class AdjustCreditsResponse(_message.Message):
    __slots__ = ("transaction", "balance")
    TRANSACTION_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    transaction: Transaction
    balance: Balance
    def __init__(self, transaction: _Optional[_Union[Transaction, _Mapping]] = ..., balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class SetChildSpendingCapRequest(_message.Message):
    __slots__ = ("org_id", "child_org_id", "monthly_cap")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CHILD_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_CAP_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    child_org_id: str
    monthly_cap: str
    def __init__(self, org_id: _Optional[str] = ..., child_org_id: _Optional[str] = ..., monthly_cap: _Optional[str] = ...) -> None: ...

class SetChildSpendingCapResponse(_message.Message):
    __slots__ = ("spending",)
    SPENDING_FIELD_NUMBER: _ClassVar[int]
    spending: ChildSpending
    def __init__(self, spending: _Optional[_Union[ChildSpending, _Mapping]] = ...) -> None: ...

class ClearChildSpendingCapRequest(_message.Message):
    __slots__ = ("org_id", "child_org_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CHILD_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    child_org_id: str
    def __init__(self, org_id: _Optional[str] = ..., child_org_id: _Optional[str] = ...) -> None: ...

class ClearChildSpendingCapResponse(_message.Message):
    __slots__ = ("spending",)
    SPENDING_FIELD_NUMBER: _ClassVar[int]
    spending: ChildSpending
    def __init__(self, spending: _Optional[_Union[ChildSpending, _Mapping]] = ...) -> None: ...

class ListChildSpendingRequest(_message.Message):
    __slots__ = ("org_id", "page_size", "page_token")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    page_size: int
    page_token: str
    def __init__(self, org_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListChildSpendingResponse(_message.Message):
    __slots__ = ("children", "next_page_token")
    CHILDREN_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    children: _containers.RepeatedCompositeFieldContainer[ChildSpending]
    next_page_token: str
    def __init__(self, children: _Optional[_Iterable[_Union[ChildSpending, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

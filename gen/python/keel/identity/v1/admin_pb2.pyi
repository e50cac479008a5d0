import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.identity.v1 import resources_pb2 as _resources_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetPlatformOverviewRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPlatformOverviewResponse(_message.Message):
    __slots__ = ("users", "suspended_users", "platform_admins", "organizations", "deleted_organizations", "sub_organizations", "memberships", "pending_invitations", "active_api_keys", "signups_last_7_days")
    USERS_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_USERS_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_ADMINS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    DELETED_ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    SUB_ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIPS_FIELD_NUMBER: _ClassVar[int]
    PENDING_INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_API_KEYS_FIELD_NUMBER: _ClassVar[int]
    SIGNUPS_LAST_7_DAYS_FIELD_NUMBER: _ClassVar[int]
    users: int
    suspended_users: int
    platform_admins: int
    organizations: int
    deleted_organizations: int
    sub_organizations: int
    memberships: int
    pending_invitations: int
    active_api_keys: int
    signups_last_7_days: int
    def __init__(self, users: _Optional[int] = ..., suspended_users: _Optional[int] = ..., platform_admins: _Optional[int] = ..., organizations: _Optional[int] = ..., deleted_organizations: _Optional[int] = ..., sub_organizations: _Optional[int] = ..., memberships: _Optional[int] = ..., pending_invitations: _Optional[int] = ..., active_api_keys: _Optional[int] = ..., signups_last_7_days: _Optional[int] = ...) -> None: ...

class PlatformUser(_message.Message):
    __slots__ = ("user", "suspended_at", "suspension_reason", "last_login_at", "organization_count")
    USER_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_AT_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_REASON_FIELD_NUMBER: _ClassVar[int]
    LAST_LOGIN_AT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    suspended_at: _timestamp_pb2.Timestamp
    suspension_reason: str
    last_login_at: _timestamp_pb2.Timestamp
    organization_count: int
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ..., suspended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., suspension_reason: _Optional[str] = ..., last_login_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., organization_count: _Optional[int] = ...) -> None: ...

class PlatformOrganization(_message.Message):
    __slots__ = ("organization", "member_count", "deleted_at")
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    MEMBER_COUNT_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    organization: _resources_pb2.Organization
    member_count: int
    deleted_at: _timestamp_pb2.Timestamp
    def __init__(self, organization: _Optional[_Union[_resources_pb2.Organization, _Mapping]] = ..., member_count: _Optional[int] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListPlatformOrganizationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "plan_tier", "include_deleted", "parent_org_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PLAN_TIER_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    PARENT_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    plan_tier: str
    include_deleted: bool
    parent_org_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., plan_tier: _Optional[str] = ..., include_deleted: _Optional[bool] = ..., parent_org_id: _Optional[str] = ...) -> None: ...

class ListPlatformOrganizationsResponse(_message.Message):
    __slots__ = ("organizations", "next_page_token")
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organizations: _containers.RepeatedCompositeFieldContainer[PlatformOrganization]
    next_page_token: str
    def __init__(self, organizations: _Optional[_Iterable[_Union[PlatformOrganization, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListPlatformUsersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "query", "suspended_only", "platform_admins_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_ONLY_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_ADMINS_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    query: str
    suspended_only: bool
    platform_admins_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., query: _Optional[str] = ..., suspended_only: _Optional[bool] = ..., platform_admins_only: _Optional[bool] = ...) -> None: ...

class ListPlatformUsersResponse(_message.Message):
    __slots__ = ("users", "next_page_token")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[PlatformUser]
    next_page_token: str
    def __init__(self, users: _Optional[_Iterable[_Union[PlatformUser, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SuspendUserRequest(_message.Message):
    __slots__ = ("user_id", "reason")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    reason: str
    def __init__(self, user_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class SuspendUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: PlatformUser
    def __init__(self, user: _Optional[_Union[PlatformUser, _Mapping]] = ...) -> None: ...

class UnsuspendUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UnsuspendUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: PlatformUser
    def __init__(self, user: _Optional[_Union[PlatformUser, _Mapping]] = ...) -> None: ...

class SetOrganizationPlanTierRequest(_message.Message):
    __slots__ = ("org_id", "plan_tier")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_TIER_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    plan_tier: str
    def __init__(self, org_id: _Optional[str] = ..., plan_tier: _Optional[str] = ...) -> None: ...

class SetOrganizationPlanTierResponse(_message.Message):
    __slots__ = ("organization",)
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    organization: PlatformOrganization
    def __init__(self, organization: _Optional[_Union[PlatformOrganization, _Mapping]] = ...) -> None: ...

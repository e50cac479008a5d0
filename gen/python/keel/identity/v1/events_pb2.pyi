import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.identity.v1 import resources_pb2 as _resources_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OrganizationCreated(_message.Message):
    __slots__ = ("org_id", "name", "slug", "parent_org_id", "created_by_user_id", "plan_tier")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    PARENT_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_TIER_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    name: str
    slug: str
    parent_org_id: str
    created_by_user_id: str
    plan_tier: str
    def __init__(self, org_id: _Optional[str] = ..., name: _Optional[str] = ..., slug: _Optional[str] = ..., parent_org_id: _Optional[str] = ..., created_by_user_id: _Optional[str] = ..., plan_tier: _Optional[str] = ...) -> None: ...

class OrganizationDeleted(_message.Message):
    __slots__ = ("org_id", "deleted_by_user_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    deleted_by_user_id: str
    def __init__(self, org_id: _Optional[str] = ..., deleted_by_user_id: _Optional[str] = ...) -> None: ...

class OrganizationPlanTierChanged(_message.Message):
    __slots__ = ("org_id", "previous_plan_tier", "plan_tier", "changed_by_user_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_PLAN_TIER_FIELD_NUMBER: _ClassVar[int]
    PLAN_TIER_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    previous_plan_tier: str
    plan_tier: str
    changed_by_user_id: str
    def __init__(self, org_id: _Optional[str] = ..., previous_plan_tier: _Optional[str] = ..., plan_tier: _Optional[str] = ..., changed_by_user_id: _Optional[str] = ...) -> None: ...

class MemberAdded(_message.Message):
    __slots__ = ("org_id", "user_id", "role")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    user_id: str
    role: _resources_pb2.Role
    def __init__(self, org_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[_resources_pb2.Role, str]] = ...) -> None: ...

class MemberRemoved(_message.Message):
    __slots__ = ("org_id", "user_id", "removed_by_user_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    user_id: str
    removed_by_user_id: str
    def __init__(self, org_id: _Optional[str] = ..., user_id: _Optional[str] = ..., removed_by_user_id: _Optional[str] = ...) -> None: ...

class MemberRoleChanged(_message.Message):
    __slots__ = ("org_id", "user_id", "previous_role", "role", "changed_by_user_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_ROLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    user_id: str
    previous_role: _resources_pb2.Role
    role: _resources_pb2.Role
    changed_by_user_id: str
    def __init__(self, org_id: _Optional[str] = ..., user_id: _Optional[str] = ..., previous_role: _Optional[_Union[_resources_pb2.Role, str]] = ..., role: _Optional[_Union[_resources_pb2.Role, str]] = ..., changed_by_user_id: _Optional[str] = ...) -> None: ...

class InvitationCreated(_message.Message):
    __slots__ = ("invitation_id", "org_id", "organization_name", "email", "role", "inviter_display_name", "token", "expires_at", "sealed_token")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    INVITER_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SEALED_TOKEN_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    org_id: str
    organization_name: str
    email: str
    role: _resources_pb2.Role
    inviter_display_name: str
    token: str
    expires_at: _timestamp_pb2.Timestamp
    sealed_token: bytes
    def __init__(self, invitation_id: _Optional[str] = ..., org_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., email: _Optional[str] = ..., role: _Optional[_Union[_resources_pb2.Role, str]] = ..., inviter_display_name: _Optional[str] = ..., token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sealed_token: _Optional[bytes] = ...) -> None: ...

class InvitationAccepted(_message.Message):
    __slots__ = ("invitation_id", "org_id", "user_id")
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    invitation_id: str
    org_id: str
    user_id: str
    def __init__(self, invitation_id: _Optional[str] = ..., org_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class UserSuspended(_message.Message):
    __slots__ = ("user_id", "reason", "suspended_by_user_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    reason: str
    suspended_by_user_id: str
    def __init__(self, user_id: _Optional[str] = ..., reason: _Optional[str] = ..., suspended_by_user_id: _Optional[str] = ...) -> None: ...

class UserUnsuspended(_message.Message):
    __slots__ = ("user_id", "unsuspended_by_user_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    UNSUSPENDED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    unsuspended_by_user_id: str
    def __init__(self, user_id: _Optional[str] = ..., unsuspended_by_user_id: _Optional[str] = ...) -> None: ...

class PlatformAdminChanged(_message.Message):
    __slots__ = ("user_id", "platform_admin")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_ADMIN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    platform_admin: bool
    def __init__(self, user_id: _Optional[str] = ..., platform_admin: _Optional[bool] = ...) -> None: ...

class ApiKeyRevoked(_message.Message):
    __slots__ = ("org_id", "key_id", "revoked_by_user_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    key_id: str
    revoked_by_user_id: str
    def __init__(self, org_id: _Optional[str] = ..., key_id: _Optional[str] = ..., revoked_by_user_id: _Optional[str] = ...) -> None: ...

class SessionEnded(_message.Message):
    __slots__ = ("user_id", "session_id", "reason")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    session_id: str
    reason: str
    def __init__(self, user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class VerificationRequested(_message.Message):
    __slots__ = ("user_id", "email", "display_name", "expires_at", "sealed_token")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SEALED_TOKEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    email: str
    display_name: str
    expires_at: _timestamp_pb2.Timestamp
    sealed_token: bytes
    def __init__(self, user_id: _Optional[str] = ..., email: _Optional[str] = ..., display_name: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sealed_token: _Optional[bytes] = ...) -> None: ...

class EmailVerified(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

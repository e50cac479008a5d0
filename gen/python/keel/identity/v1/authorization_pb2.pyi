import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.identity.v1 import resources_pb2 as _resources_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Verdict(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERDICT_UNSPECIFIED: _ClassVar[Verdict]
    VERDICT_ALLOWED: _ClassVar[Verdict]
    VERDICT_NOT_FOUND: _ClassVar[Verdict]
    VERDICT_DENIED: _ClassVar[Verdict]
    VERDICT_UNAUTHENTICATED: _ClassVar[Verdict]
VERDICT_UNSPECIFIED: Verdict
VERDICT_ALLOWED: Verdict
VERDICT_NOT_FOUND: Verdict
VERDICT_DENIED: Verdict
VERDICT_UNAUTHENTICATED: Verdict

class Principal(_message.Message):
    __slots__ = ("user_id", "api_key_id", "session_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    API_KEY_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    api_key_id: str
    session_id: str
    def __init__(self, user_id: _Optional[str] = ..., api_key_id: _Optional[str] = ..., session_id: _Optional[str] = ...) -> None: ...

class PermissionCheck(_message.Message):
    __slots__ = ("org_id", "permission")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    permission: str
    def __init__(self, org_id: _Optional[str] = ..., permission: _Optional[str] = ...) -> None: ...

class CheckPermissionRequest(_message.Message):
    __slots__ = ("principal", "check", "min_position")
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    CHECK_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    principal: Principal
    check: PermissionCheck
    min_position: str
    def __init__(self, principal: _Optional[_Union[Principal, _Mapping]] = ..., check: _Optional[_Union[PermissionCheck, _Mapping]] = ..., min_position: _Optional[str] = ...) -> None: ...

class CheckPermissionResponse(_message.Message):
    __slots__ = ("verdict", "role", "reason", "valid_until", "position")
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    verdict: Verdict
    role: _resources_pb2.Role
    reason: str
    valid_until: _timestamp_pb2.Timestamp
    position: str
    def __init__(self, verdict: _Optional[_Union[Verdict, str]] = ..., role: _Optional[_Union[_resources_pb2.Role, str]] = ..., reason: _Optional[str] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., position: _Optional[str] = ...) -> None: ...

class BatchCheckPermissionsRequest(_message.Message):
    __slots__ = ("principal", "checks", "min_position")
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    principal: Principal
    checks: _containers.RepeatedCompositeFieldContainer[PermissionCheck]
    min_position: str
    def __init__(self, principal: _Optional[_Union[Principal, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[PermissionCheck, _Mapping]]] = ..., min_position: _Optional[str] = ...) -> None: ...

class BatchCheckPermissionsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CheckPermissionResponse]
    def __init__(self, results: _Optional[_Iterable[_Union[CheckPermissionResponse, _Mapping]]] = ...) -> None: ...

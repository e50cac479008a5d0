from keel.agents.v1 import agents_pb2 as _agents_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AgentCreated(_message.Message):
    __slots__ = ("agent_id", "org_id", "name", "visibility", "created_by", "version", "from_template")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    FROM_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    org_id: str
    name: str
    visibility: _agents_pb2.Visibility
    created_by: str
    version: int
    from_template: _agents_pb2.TemplateOrigin
    def __init__(self, agent_id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., visibility: _Optional[_Union[_agents_pb2.Visibility, str]] = ..., created_by: _Optional[str] = ..., version: _Optional[int] = ..., from_template: _Optional[_Union[_agents_pb2.TemplateOrigin, _Mapping]] = ...) -> None: ...

class AgentUpdated(_message.Message):
    __slots__ = ("agent_id", "org_id", "changed_fields", "latest_version", "version_created", "visibility", "updated_by")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    VERSION_CREATED_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    org_id: str
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    latest_version: int
    version_created: bool
    visibility: _agents_pb2.Visibility
    updated_by: str
    def __init__(self, agent_id: _Optional[str] = ..., org_id: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ..., latest_version: _Optional[int] = ..., version_created: _Optional[bool] = ..., visibility: _Optional[_Union[_agents_pb2.Visibility, str]] = ..., updated_by: _Optional[str] = ...) -> None: ...

class AgentDeleted(_message.Message):
    __slots__ = ("agent_id", "org_id", "deleted_by")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    org_id: str
    deleted_by: str
    def __init__(self, agent_id: _Optional[str] = ..., org_id: _Optional[str] = ..., deleted_by: _Optional[str] = ...) -> None: ...

class RunChanged(_message.Message):
    __slots__ = ("run_id", "org_id", "agent_id", "thread_id", "status", "reason", "credits")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREDITS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    org_id: str
    agent_id: str
    thread_id: str
    status: str
    reason: str
    credits: str
    def __init__(self, run_id: _Optional[str] = ..., org_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., thread_id: _Optional[str] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ..., credits: _Optional[str] = ...) -> None: ...

class OrganizationCreditsExhausted(_message.Message):
    __slots__ = ("org_id", "period", "agent_id", "message")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    period: str
    agent_id: str
    message: str
    def __init__(self, org_id: _Optional[str] = ..., period: _Optional[str] = ..., agent_id: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.agents.v1 import runs_pb2 as _runs_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ShareLinkState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHARE_LINK_STATE_UNSPECIFIED: _ClassVar[ShareLinkState]
    SHARE_LINK_STATE_ACTIVE: _ClassVar[ShareLinkState]
    SHARE_LINK_STATE_EXPIRED: _ClassVar[ShareLinkState]
    SHARE_LINK_STATE_REVOKED: _ClassVar[ShareLinkState]
    SHARE_LINK_STATE_EXHAUSTED: _ClassVar[ShareLinkState]
SHARE_LINK_STATE_UNSPECIFIED: ShareLinkState
SHARE_LINK_STATE_ACTIVE: ShareLinkState
SHARE_LINK_STATE_EXPIRED: ShareLinkState
SHARE_LINK_STATE_REVOKED: ShareLinkState
SHARE_LINK_STATE_EXHAUSTED: ShareLinkState

class ShareLink(_message.Message):
    __slots__ = ("id", "agent_id", "org_id", "label", "greeting", "max_runs", "runs_per_minute", "visitor_runs_per_minute", "expires_at", "state", "view_count", "run_count", "last_viewed_at", "last_run_at", "revoked_at", "created_by", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    GREETING_FIELD_NUMBER: _ClassVar[int]
    MAX_RUNS_FIELD_NUMBER: _ClassVar[int]
    RUNS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    VISITOR_RUNS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    RUN_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_VIEWED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_RUN_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    agent_id: str
    org_id: str
    label: str
    greeting: str
    max_runs: int
    runs_per_minute: int
    visitor_runs_per_minute: int
    expires_at: _timestamp_pb2.Timestamp
    state: ShareLinkState
    view_count: int
    run_count: int
    last_viewed_at: _timestamp_pb2.Timestamp
    last_run_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., agent_id: _Optional[str] = ..., org_id: _Optional[str] = ..., label: _Optional[str] = ..., greeting: _Optional[str] = ..., max_runs: _Optional[int] = ..., runs_per_minute: _Optional[int] = ..., visitor_runs_per_minute: _Optional[int] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[_Union[ShareLinkState, str]] = ..., view_count: _Optional[int] = ..., run_count: _Optional[int] = ..., last_viewed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_run_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateShareLinkRequest(_message.Message):
    __slots__ = ("agent_id", "label", "greeting", "max_runs", "runs_per_minute", "visitor_runs_per_minute", "expires_at")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    GREETING_FIELD_NUMBER: _ClassVar[int]
    MAX_RUNS_FIELD_NUMBER: _ClassVar[int]
    RUNS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    VISITOR_RUNS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    label: str
    greeting: str
    max_runs: int
    runs_per_minute: int
    visitor_runs_per_minute: int
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, agent_id: _Optional[str] = ..., label: _Optional[str] = ..., greeting: _Optional[str] = ..., max_runs: _Optional[int] = ..., runs_per_minute: _Optional[int] = ..., visitor_runs_per_minute: _Optional[int] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateShareLinkResponse(_message.Message):
    __slots__ = ("share_link",)
    SHARE_LINK_FIELD_NUMBER: _ClassVar[int]
    share_link: ShareLink
    def __init__(self, share_link: _Optional[_Union[ShareLink, _Mapping]] = ...) -> None: ...

class ListShareLinksRequest(_message.Message):
    __slots__ = ("agent_id", "page_size", "page_token")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    page_size: int
    page_token: str
    def __init__(self, agent_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListShareLinksResponse(_message.Message):
    __slots__ = ("share_links", "next_page_token")
    SHARE_LINKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    share_links: _containers.RepeatedCompositeFieldContainer[ShareLink]
    next_page_token: str
    def __init__(self, share_links: _Optional[_Iterable[_Union[ShareLink, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateShareLinkRequest(_message.Message):
    __slots__ = ("share_id", "label", "greeting", "max_runs", "runs_per_minute", "visitor_runs_per_minute", "expires_at", "update_mask")
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    GREETING_FIELD_NUMBER: _ClassVar[int]
    MAX_RUNS_FIELD_NUMBER: _ClassVar[int]
    RUNS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    VISITOR_RUNS_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    label: str
    greeting: str
    max_runs: int
    runs_per_minute: int
    visitor_runs_per_minute: int
    expires_at: _timestamp_pb2.Timestamp
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, share_id: _Optional[str] = ..., label: _Optional[str] = ..., greeting: _Optional[str] = ..., max_runs: _Optional[int] = ..., runs_per_minute: _Optional[int] = ..., visitor_runs_per_minute: _Optional[int] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateShareLinkResponse(_message.Message):
    __slots__ = ("share_link",)
    SHARE_LINK_FIELD_NUMBER: _ClassVar[int]
    share_link: ShareLink
    def __init__(self, share_link: _Optional[_Union[ShareLink, _Mapping]] = ...) -> None: ...

class RevokeShareLinkRequest(_message.Message):
    __slots__ = ("share_id",)
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    def __init__(self, share_id: _Optional[str] = ...) -> None: ...

class RevokeShareLinkResponse(_message.Message):
    __slots__ = ("share_link",)
    SHARE_LINK_FIELD_NUMBER: _ClassVar[int]
    share_link: ShareLink
    def __init__(self, share_link: _Optional[_Union[ShareLink, _Mapping]] = ...) -> None: ...

class DeleteShareLinkRequest(_message.Message):
    __slots__ = ("share_id",)
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    def __init__(self, share_id: _Optional[str] = ...) -> None: ...

class DeleteShareLinkResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SharedAgent(_message.Message):
    __slots__ = ("share_id", "name", "description", "avatar_url", "greeting", "expires_at")
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    GREETING_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    name: str
    description: str
    avatar_url: str
    greeting: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, share_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., avatar_url: _Optional[str] = ..., greeting: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSharedAgentRequest(_message.Message):
    __slots__ = ("share_id",)
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    def __init__(self, share_id: _Optional[str] = ...) -> None: ...

class GetSharedAgentResponse(_message.Message):
    __slots__ = ("agent",)
    AGENT_FIELD_NUMBER: _ClassVar[int]
    agent: SharedAgent
    def __init__(self, agent: _Optional[_Union[SharedAgent, _Mapping]] = ...) -> None: ...

class SharedRun(_message.Message):
    __slots__ = ("id", "status", "reason", "input", "output", "created_at", "finished_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: _runs_pb2.RunStatus
    reason: str
    input: str
    output: str
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[_runs_pb2.RunStatus, str]] = ..., reason: _Optional[str] = ..., input: _Optional[str] = ..., output: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StartSharedRunRequest(_message.Message):
    __slots__ = ("share_id", "input")
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    input: str
    def __init__(self, share_id: _Optional[str] = ..., input: _Optional[str] = ...) -> None: ...

class StartSharedRunResponse(_message.Message):
    __slots__ = ("run", "run_token")
    RUN_FIELD_NUMBER: _ClassVar[int]
    RUN_TOKEN_FIELD_NUMBER: _ClassVar[int]
    run: SharedRun
    run_token: str
    def __init__(self, run: _Optional[_Union[SharedRun, _Mapping]] = ..., run_token: _Optional[str] = ...) -> None: ...

class GetSharedRunRequest(_message.Message):
    __slots__ = ("share_id", "run_id", "run_token")
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_TOKEN_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    run_id: str
    run_token: str
    def __init__(self, share_id: _Optional[str] = ..., run_id: _Optional[str] = ..., run_token: _Optional[str] = ...) -> None: ...

class GetSharedRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: SharedRun
    def __init__(self, run: _Optional[_Union[SharedRun, _Mapping]] = ...) -> None: ...

class StreamSharedRunEventsRequest(_message.Message):
    __slots__ = ("share_id", "run_id", "run_token", "after")
    SHARE_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_TOKEN_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    share_id: str
    run_id: str
    run_token: str
    after: int
    def __init__(self, share_id: _Optional[str] = ..., run_id: _Optional[str] = ..., run_token: _Optional[str] = ..., after: _Optional[int] = ...) -> None: ...

import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
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

class Visibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VISIBILITY_UNSPECIFIED: _ClassVar[Visibility]
    VISIBILITY_PRIVATE: _ClassVar[Visibility]
    VISIBILITY_ORGANIZATION: _ClassVar[Visibility]
    VISIBILITY_PUBLIC: _ClassVar[Visibility]

class ModelQuality(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MODEL_QUALITY_UNSPECIFIED: _ClassVar[ModelQuality]
    MODEL_QUALITY_FAST: _ClassVar[ModelQuality]
    MODEL_QUALITY_ENHANCED: _ClassVar[ModelQuality]
    MODEL_QUALITY_PREMIUM: _ClassVar[ModelQuality]

class TriggerKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRIGGER_KIND_UNSPECIFIED: _ClassVar[TriggerKind]
    TRIGGER_KIND_MANUAL: _ClassVar[TriggerKind]
    TRIGGER_KIND_SCHEDULE: _ClassVar[TriggerKind]
    TRIGGER_KIND_CHANNEL_MESSAGE: _ClassVar[TriggerKind]
    TRIGGER_KIND_WEBHOOK: _ClassVar[TriggerKind]
VISIBILITY_UNSPECIFIED: Visibility
VISIBILITY_PRIVATE: Visibility
VISIBILITY_ORGANIZATION: Visibility
VISIBILITY_PUBLIC: Visibility
MODEL_QUALITY_UNSPECIFIED: ModelQuality
MODEL_QUALITY_FAST: ModelQuality
MODEL_QUALITY_ENHANCED: ModelQuality
MODEL_QUALITY_PREMIUM: ModelQuality
TRIGGER_KIND_UNSPECIFIED: TriggerKind
TRIGGER_KIND_MANUAL: TriggerKind
TRIGGER_KIND_SCHEDULE: TriggerKind
TRIGGER_KIND_CHANNEL_MESSAGE: TriggerKind
TRIGGER_KIND_WEBHOOK: TriggerKind

class ModelChoice(_message.Message):
    __slots__ = ("quality", "name")
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    quality: ModelQuality
    name: str
    def __init__(self, quality: _Optional[_Union[ModelQuality, str]] = ..., name: _Optional[str] = ...) -> None: ...

class GenerationSettings(_message.Message):
    __slots__ = ("temperature", "max_tokens", "top_p", "frequency_penalty", "presence_penalty", "stop")
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TOP_P_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_PENALTY_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_PENALTY_FIELD_NUMBER: _ClassVar[int]
    STOP_FIELD_NUMBER: _ClassVar[int]
    temperature: float
    max_tokens: int
    top_p: float
    frequency_penalty: float
    presence_penalty: float
    stop: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, temperature: _Optional[float] = ..., max_tokens: _Optional[int] = ..., top_p: _Optional[float] = ..., frequency_penalty: _Optional[float] = ..., presence_penalty: _Optional[float] = ..., stop: _Optional[_Iterable[str]] = ...) -> None: ...

class BuiltinTool(_message.Message):
    __slots__ = ("name", "settings")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    name: str
    settings: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., settings: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class McpServer(_message.Message):
    __slots__ = ("name", "url", "allowed_tools", "requires_approval")
    NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_TOOLS_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    url: str
    allowed_tools: _containers.RepeatedScalarFieldContainer[str]
    requires_approval: bool
    def __init__(self, name: _Optional[str] = ..., url: _Optional[str] = ..., allowed_tools: _Optional[_Iterable[str]] = ..., requires_approval: _Optional[bool] = ...) -> None: ...

class ChannelDefaults(_message.Message):
    __slots__ = ("channels", "greeting", "handoff_message")
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GREETING_FIELD_NUMBER: _ClassVar[int]
    HANDOFF_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedScalarFieldContainer[str]
    greeting: str
    handoff_message: str
    def __init__(self, channels: _Optional[_Iterable[str]] = ..., greeting: _Optional[str] = ..., handoff_message: _Optional[str] = ...) -> None: ...

class Trigger(_message.Message):
    __slots__ = ("kind", "schedule", "channel")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    kind: TriggerKind
    schedule: str
    channel: str
    def __init__(self, kind: _Optional[_Union[TriggerKind, str]] = ..., schedule: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class AgentConfig(_message.Message):
    __slots__ = ("system_prompt", "model", "generation", "tools", "mcp_servers", "knowledge_base_tags", "channel_defaults", "triggers")
    SYSTEM_PROMPT_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    GENERATION_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    MCP_SERVERS_FIELD_NUMBER: _ClassVar[int]
    KNOWLEDGE_BASE_TAGS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    TRIGGERS_FIELD_NUMBER: _ClassVar[int]
    system_prompt: str
    model: ModelChoice
    generation: GenerationSettings
    tools: _containers.RepeatedCompositeFieldContainer[BuiltinTool]
    mcp_servers: _containers.RepeatedCompositeFieldContainer[McpServer]
    knowledge_base_tags: _containers.RepeatedScalarFieldContainer[str]
    channel_defaults: ChannelDefaults
    triggers: _containers.RepeatedCompositeFieldContainer[Trigger]
    def __init__(self, system_prompt: _Optional[str] = ..., model: _Optional[_Union[ModelChoice, _Mapping]] = ..., generation: _Optional[_Union[GenerationSettings, _Mapping]] = ..., tools: _Optional[_Iterable[_Union[BuiltinTool, _Mapping]]] = ..., mcp_servers: _Optional[_Iterable[_Union[McpServer, _Mapping]]] = ..., knowledge_base_tags: _Optional[_Iterable[str]] = ..., channel_defaults: _Optional[_Union[ChannelDefaults, _Mapping]] = ..., triggers: _Optional[_Iterable[_Union[Trigger, _Mapping]]] = ...) -> None: ...

class TemplateOrigin(_message.Message):
    __slots__ = ("template_id", "version")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class Agent(_message.Message):
    __slots__ = ("id", "org_id", "name", "description", "avatar_url", "visibility", "created_by", "latest_version", "config", "created_at", "updated_at", "from_template")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    FROM_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    org_id: str
    name: str
    description: str
    avatar_url: str
    visibility: Visibility
    created_by: str
    latest_version: int
    config: AgentConfig
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    from_template: TemplateOrigin
    def __init__(self, id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., avatar_url: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., created_by: _Optional[str] = ..., latest_version: _Optional[int] = ..., config: _Optional[_Union[AgentConfig, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., from_template: _Optional[_Union[TemplateOrigin, _Mapping]] = ...) -> None: ...

class AgentVersion(_message.Message):
    __slots__ = ("agent_id", "version", "notes", "config", "created_by", "copied_from_version", "created_at")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    COPIED_FROM_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    version: int
    notes: str
    config: AgentConfig
    created_by: str
    copied_from_version: int
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, agent_id: _Optional[str] = ..., version: _Optional[int] = ..., notes: _Optional[str] = ..., config: _Optional[_Union[AgentConfig, _Mapping]] = ..., created_by: _Optional[str] = ..., copied_from_version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateAgentRequest(_message.Message):
    __slots__ = ("org_id", "name", "description", "avatar_url", "visibility", "config", "version_notes", "request_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    VERSION_NOTES_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    name: str
    description: str
    avatar_url: str
    visibility: Visibility
    config: AgentConfig
    version_notes: str
    request_id: str
    def __init__(self, org_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., avatar_url: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., config: _Optional[_Union[AgentConfig, _Mapping]] = ..., version_notes: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateAgentResponse(_message.Message):
    __slots__ = ("agent",)
    AGENT_FIELD_NUMBER: _ClassVar[int]
    agent: Agent
    def __init__(self, agent: _Optional[_Union[Agent, _Mapping]] = ...) -> None: ...

class CreateAgentFromTemplateRequest(_message.Message):
    __slots__ = ("template_id", "org_id", "name", "description", "visibility", "request_id")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    org_id: str
    name: str
    description: str
    visibility: Visibility
    request_id: str
    def __init__(self, template_id: _Optional[str] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateAgentFromTemplateResponse(_message.Message):
    __slots__ = ("agent", "template")
    AGENT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    agent: Agent
    template: TemplateOrigin
    def __init__(self, agent: _Optional[_Union[Agent, _Mapping]] = ..., template: _Optional[_Union[TemplateOrigin, _Mapping]] = ...) -> None: ...

class ListAgentsRequest(_message.Message):
    __slots__ = ("org_id", "creator_id", "visibility", "page_size", "page_token")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    creator_id: str
    visibility: Visibility
    page_size: int
    page_token: str
    def __init__(self, org_id: _Optional[str] = ..., creator_id: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAgentsResponse(_message.Message):
    __slots__ = ("agents", "next_page_token")
    AGENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agents: _containers.RepeatedCompositeFieldContainer[Agent]
    next_page_token: str
    def __init__(self, agents: _Optional[_Iterable[_Union[Agent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAgentRequest(_message.Message):
    __slots__ = ("agent_id",)
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    def __init__(self, agent_id: _Optional[str] = ...) -> None: ...

class GetAgentResponse(_message.Message):
    __slots__ = ("agent",)
    AGENT_FIELD_NUMBER: _ClassVar[int]
    agent: Agent
    def __init__(self, agent: _Optional[_Union[Agent, _Mapping]] = ...) -> None: ...

class UpdateAgentRequest(_message.Message):
    __slots__ = ("agent_id", "name", "description", "avatar_url", "visibility", "config", "version_notes", "update_mask")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    VERSION_NOTES_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    name: str
    description: str
    avatar_url: str
    visibility: Visibility
    config: AgentConfig
    version_notes: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, agent_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., avatar_url: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., config: _Optional[_Union[AgentConfig, _Mapping]] = ..., version_notes: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateAgentResponse(_message.Message):
    __slots__ = ("agent", "version_created")
    AGENT_FIELD_NUMBER: _ClassVar[int]
    VERSION_CREATED_FIELD_NUMBER: _ClassVar[int]
    agent: Agent
    version_created: bool
    def __init__(self, agent: _Optional[_Union[Agent, _Mapping]] = ..., version_created: _Optional[bool] = ...) -> None: ...

class DeleteAgentRequest(_message.Message):
    __slots__ = ("agent_id",)
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    def __init__(self, agent_id: _Optional[str] = ...) -> None: ...

class DeleteAgentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAgentVersionsRequest(_message.Message):
    __slots__ = ("agent_id", "page_size", "page_token")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    page_size: int
    page_token: str
    def __init__(self, agent_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAgentVersionsResponse(_message.Message):
    __slots__ = ("versions", "next_page_token")
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[AgentVersion]
    next_page_token: str
    def __init__(self, versions: _Optional[_Iterable[_Union[AgentVersion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAgentVersionRequest(_message.Message):
    __slots__ = ("agent_id", "version")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    version: int
    def __init__(self, agent_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class GetAgentVersionResponse(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: AgentVersion
    def __init__(self, version: _Optional[_Union[AgentVersion, _Mapping]] = ...) -> None: ...

class RollbackAgentRequest(_message.Message):
    __slots__ = ("agent_id", "version", "notes")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    version: int
    notes: str
    def __init__(self, agent_id: _Optional[str] = ..., version: _Optional[int] = ..., notes: _Optional[str] = ...) -> None: ...

class RollbackAgentResponse(_message.Message):
    __slots__ = ("agent", "version")
    AGENT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    agent: Agent
    version: AgentVersion
    def __init__(self, agent: _Optional[_Union[Agent, _Mapping]] = ..., version: _Optional[_Union[AgentVersion, _Mapping]] = ...) -> None: ...

class GetAgentForSubmissionRequest(_message.Message):
    __slots__ = ("agent_id",)
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    def __init__(self, agent_id: _Optional[str] = ...) -> None: ...

class GetAgentForSubmissionResponse(_message.Message):
    __slots__ = ("agent",)
    AGENT_FIELD_NUMBER: _ClassVar[int]
    agent: Agent
    def __init__(self, agent: _Optional[_Union[Agent, _Mapping]] = ...) -> None: ...

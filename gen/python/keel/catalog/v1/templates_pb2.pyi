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
    VISIBILITY_PUBLIC: _ClassVar[Visibility]
    VISIBILITY_ORGANIZATION: _ClassVar[Visibility]
    VISIBILITY_PRIVATE: _ClassVar[Visibility]

class ModelQuality(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MODEL_QUALITY_UNSPECIFIED: _ClassVar[ModelQuality]
    MODEL_QUALITY_FAST: _ClassVar[ModelQuality]
    MODEL_QUALITY_ENHANCED: _ClassVar[ModelQuality]
    MODEL_QUALITY_PREMIUM: _ClassVar[ModelQuality]

class ToolKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOOL_KIND_UNSPECIFIED: _ClassVar[ToolKind]
    TOOL_KIND_BUILTIN: _ClassVar[ToolKind]
    TOOL_KIND_MCP: _ClassVar[ToolKind]

class TriggerKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRIGGER_KIND_UNSPECIFIED: _ClassVar[TriggerKind]
    TRIGGER_KIND_MANUAL: _ClassVar[TriggerKind]
    TRIGGER_KIND_SCHEDULE: _ClassVar[TriggerKind]
    TRIGGER_KIND_CHANNEL_MESSAGE: _ClassVar[TriggerKind]
    TRIGGER_KIND_WEBHOOK: _ClassVar[TriggerKind]

class TemplateSort(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TEMPLATE_SORT_UNSPECIFIED: _ClassVar[TemplateSort]
    TEMPLATE_SORT_RELEVANCE: _ClassVar[TemplateSort]
    TEMPLATE_SORT_POPULAR: _ClassVar[TemplateSort]
    TEMPLATE_SORT_NEWEST: _ClassVar[TemplateSort]
VISIBILITY_UNSPECIFIED: Visibility
VISIBILITY_PUBLIC: Visibility
VISIBILITY_ORGANIZATION: Visibility
VISIBILITY_PRIVATE: Visibility
MODEL_QUALITY_UNSPECIFIED: ModelQuality
MODEL_QUALITY_FAST: ModelQuality
MODEL_QUALITY_ENHANCED: ModelQuality
MODEL_QUALITY_PREMIUM: ModelQuality
TOOL_KIND_UNSPECIFIED: ToolKind
TOOL_KIND_BUILTIN: ToolKind
TOOL_KIND_MCP: ToolKind
TRIGGER_KIND_UNSPECIFIED: TriggerKind
TRIGGER_KIND_MANUAL: TriggerKind
TRIGGER_KIND_SCHEDULE: TriggerKind
TRIGGER_KIND_CHANNEL_MESSAGE: TriggerKind
TRIGGER_KIND_WEBHOOK: TriggerKind
TEMPLATE_SORT_UNSPECIFIED: TemplateSort
TEMPLATE_SORT_RELEVANCE: TemplateSort
TEMPLATE_SORT_POPULAR: TemplateSort
TEMPLATE_SORT_NEWEST: TemplateSort

class ModelChoice(_message.Message):
    __slots__ = ("id", "quality")
    ID_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    id: str
    quality: ModelQuality
    def __init__(self, id: _Optional[str] = ..., quality: _Optional[_Union[ModelQuality, str]] = ...) -> None: ...

class McpServer(_message.Message):
    __slots__ = ("name", "url", "allowed_tools")
    NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_TOOLS_FIELD_NUMBER: _ClassVar[int]
    name: str
    url: str
    allowed_tools: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., url: _Optional[str] = ..., allowed_tools: _Optional[_Iterable[str]] = ...) -> None: ...

class Tool(_message.Message):
    __slots__ = ("name", "description", "kind", "mcp_server", "settings")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MCP_SERVER_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    kind: ToolKind
    mcp_server: McpServer
    settings: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., kind: _Optional[_Union[ToolKind, str]] = ..., mcp_server: _Optional[_Union[McpServer, _Mapping]] = ..., settings: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class Trigger(_message.Message):
    __slots__ = ("kind", "schedule", "channel")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    kind: TriggerKind
    schedule: str
    channel: str
    def __init__(self, kind: _Optional[_Union[TriggerKind, str]] = ..., schedule: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class ExampleMessage(_message.Message):
    __slots__ = ("role", "content")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    role: str
    content: str
    def __init__(self, role: _Optional[str] = ..., content: _Optional[str] = ...) -> None: ...

class UsageExample(_message.Message):
    __slots__ = ("title", "messages")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    title: str
    messages: _containers.RepeatedCompositeFieldContainer[ExampleMessage]
    def __init__(self, title: _Optional[str] = ..., messages: _Optional[_Iterable[_Union[ExampleMessage, _Mapping]]] = ...) -> None: ...

class ChannelDefaults(_message.Message):
    __slots__ = ("channels", "greeting", "handoff_message")
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GREETING_FIELD_NUMBER: _ClassVar[int]
    HANDOFF_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedScalarFieldContainer[str]
    greeting: str
    handoff_message: str
    def __init__(self, channels: _Optional[_Iterable[str]] = ..., greeting: _Optional[str] = ..., handoff_message: _Optional[str] = ...) -> None: ...

class TemplateMetadata(_message.Message):
    __slots__ = ("knowledge_base_tags", "channel_defaults", "usage_examples", "use_cases")
    KNOWLEDGE_BASE_TAGS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    USAGE_EXAMPLES_FIELD_NUMBER: _ClassVar[int]
    USE_CASES_FIELD_NUMBER: _ClassVar[int]
    knowledge_base_tags: _containers.RepeatedScalarFieldContainer[str]
    channel_defaults: ChannelDefaults
    usage_examples: _containers.RepeatedCompositeFieldContainer[UsageExample]
    use_cases: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, knowledge_base_tags: _Optional[_Iterable[str]] = ..., channel_defaults: _Optional[_Union[ChannelDefaults, _Mapping]] = ..., usage_examples: _Optional[_Iterable[_Union[UsageExample, _Mapping]]] = ..., use_cases: _Optional[_Iterable[str]] = ...) -> None: ...

class TemplateConfig(_message.Message):
    __slots__ = ("system_prompt", "model", "tools", "triggers", "metadata")
    SYSTEM_PROMPT_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    TRIGGERS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    system_prompt: str
    model: ModelChoice
    tools: _containers.RepeatedCompositeFieldContainer[Tool]
    triggers: _containers.RepeatedCompositeFieldContainer[Trigger]
    metadata: TemplateMetadata
    def __init__(self, system_prompt: _Optional[str] = ..., model: _Optional[_Union[ModelChoice, _Mapping]] = ..., tools: _Optional[_Iterable[_Union[Tool, _Mapping]]] = ..., triggers: _Optional[_Iterable[_Union[Trigger, _Mapping]]] = ..., metadata: _Optional[_Union[TemplateMetadata, _Mapping]] = ...) -> None: ...

class TemplateOrigin(_message.Message):
    __slots__ = ("template_id", "version")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class Template(_message.Message):
    __slots__ = ("id", "slug", "name", "description", "category", "tags", "icon", "color", "visibility", "official", "owner_org_id", "created_by", "latest_version", "config", "use_count", "view_count", "forked_from", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ICON_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    USE_COUNT_FIELD_NUMBER: _ClassVar[int]
    VIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    FORKED_FROM_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    slug: str
    name: str
    description: str
    category: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    icon: str
    color: str
    visibility: Visibility
    official: bool
    owner_org_id: str
    created_by: str
    latest_version: int
    config: TemplateConfig
    use_count: int
    view_count: int
    forked_from: TemplateOrigin
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., slug: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., icon: _Optional[str] = ..., color: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., official: _Optional[bool] = ..., owner_org_id: _Optional[str] = ..., created_by: _Optional[str] = ..., latest_version: _Optional[int] = ..., config: _Optional[_Union[TemplateConfig, _Mapping]] = ..., use_count: _Optional[int] = ..., view_count: _Optional[int] = ..., forked_from: _Optional[_Union[TemplateOrigin, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TemplateVersion(_message.Message):
    __slots__ = ("template_id", "version", "notes", "config", "created_by", "created_at")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    notes: str
    config: TemplateConfig
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ..., notes: _Optional[str] = ..., config: _Optional[_Union[TemplateConfig, _Mapping]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FacetCount(_message.Message):
    __slots__ = ("value", "count")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    value: str
    count: int
    def __init__(self, value: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class Facets(_message.Message):
    __slots__ = ("categories", "tags", "total")
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[FacetCount]
    tags: _containers.RepeatedCompositeFieldContainer[FacetCount]
    total: int
    def __init__(self, categories: _Optional[_Iterable[_Union[FacetCount, _Mapping]]] = ..., tags: _Optional[_Iterable[_Union[FacetCount, _Mapping]]] = ..., total: _Optional[int] = ...) -> None: ...

class ListTemplatesRequest(_message.Message):
    __slots__ = ("query", "category", "tags", "official", "org_id", "creator_id", "sort", "page_size", "page_token", "include_facets")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_FACETS_FIELD_NUMBER: _ClassVar[int]
    query: str
    category: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    official: bool
    org_id: str
    creator_id: str
    sort: TemplateSort
    page_size: int
    page_token: str
    include_facets: bool
    def __init__(self, query: _Optional[str] = ..., category: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., official: _Optional[bool] = ..., org_id: _Optional[str] = ..., creator_id: _Optional[str] = ..., sort: _Optional[_Union[TemplateSort, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_facets: _Optional[bool] = ...) -> None: ...

class ListTemplatesResponse(_message.Message):
    __slots__ = ("templates", "next_page_token", "facets")
    TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    FACETS_FIELD_NUMBER: _ClassVar[int]
    templates: _containers.RepeatedCompositeFieldContainer[Template]
    next_page_token: str
    facets: Facets
    def __init__(self, templates: _Optional[_Iterable[_Union[Template, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., facets: _Optional[_Union[Facets, _Mapping]] = ...) -> None: ...

class GetTemplateRequest(_message.Message):
    __slots__ = ("template_id",)
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    def __init__(self, template_id: _Optional[str] = ...) -> None: ...

class GetTemplateResponse(_message.Message):
    __slots__ = ("template",)
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    template: Template
    def __init__(self, template: _Optional[_Union[Template, _Mapping]] = ...) -> None: ...

class CreateTemplateRequest(_message.Message):
    __slots__ = ("name", "slug", "description", "category", "tags", "icon", "color", "visibility", "official", "org_id", "config", "version_notes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ICON_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    VERSION_NOTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    slug: str
    description: str
    category: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    icon: str
    color: str
    visibility: Visibility
    official: bool
    org_id: str
    config: TemplateConfig
    version_notes: str
    def __init__(self, name: _Optional[str] = ..., slug: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., icon: _Optional[str] = ..., color: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., official: _Optional[bool] = ..., org_id: _Optional[str] = ..., config: _Optional[_Union[TemplateConfig, _Mapping]] = ..., version_notes: _Optional[str] = ...) -> None: ...

class CreateTemplateResponse(_message.Message):
    __slots__ = ("template",)
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    template: Template
    def __init__(self, template: _Optional[_Union[Template, _Mapping]] = ...) -> None: ...

class UpdateTemplateRequest(_message.Message):
    __slots__ = ("template_id", "name", "slug", "description", "category", "tags", "icon", "color", "visibility", "config", "version_notes", "update_mask")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ICON_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    VERSION_NOTES_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    name: str
    slug: str
    description: str
    category: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    icon: str
    color: str
    visibility: Visibility
    config: TemplateConfig
    version_notes: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, template_id: _Optional[str] = ..., name: _Optional[str] = ..., slug: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., icon: _Optional[str] = ..., color: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., config: _Optional[_Union[TemplateConfig, _Mapping]] = ..., version_notes: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateTemplateResponse(_message.Message):
    __slots__ = ("template", "version_published")
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    VERSION_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    template: Template
    version_published: bool
    def __init__(self, template: _Optional[_Union[Template, _Mapping]] = ..., version_published: _Optional[bool] = ...) -> None: ...

class DeleteTemplateRequest(_message.Message):
    __slots__ = ("template_id",)
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    def __init__(self, template_id: _Optional[str] = ...) -> None: ...

class DeleteTemplateResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTemplateVersionsRequest(_message.Message):
    __slots__ = ("template_id", "page_size", "page_token")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    page_size: int
    page_token: str
    def __init__(self, template_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTemplateVersionsResponse(_message.Message):
    __slots__ = ("versions", "next_page_token")
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[TemplateVersion]
    next_page_token: str
    def __init__(self, versions: _Optional[_Iterable[_Union[TemplateVersion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTemplateVersionRequest(_message.Message):
    __slots__ = ("template_id", "version")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class GetTemplateVersionResponse(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: TemplateVersion
    def __init__(self, version: _Optional[_Union[TemplateVersion, _Mapping]] = ...) -> None: ...

class ForkTemplateRequest(_message.Message):
    __slots__ = ("template_id", "version", "org_id", "name", "slug", "visibility")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    org_id: str
    name: str
    slug: str
    visibility: Visibility
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ..., org_id: _Optional[str] = ..., name: _Optional[str] = ..., slug: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ...) -> None: ...

class ForkTemplateResponse(_message.Message):
    __slots__ = ("template",)
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    template: Template
    def __init__(self, template: _Optional[_Union[Template, _Mapping]] = ...) -> None: ...

class GetTemplateConfigRequest(_message.Message):
    __slots__ = ("template_id", "org_id", "version")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    org_id: str
    version: int
    def __init__(self, template_id: _Optional[str] = ..., org_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class GetTemplateConfigResponse(_message.Message):
    __slots__ = ("template_id", "version", "name", "category", "config")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    name: str
    category: str
    config: TemplateConfig
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., config: _Optional[_Union[TemplateConfig, _Mapping]] = ...) -> None: ...

class RecordTemplateUseRequest(_message.Message):
    __slots__ = ("template_id", "org_id", "agent_id", "version")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    org_id: str
    agent_id: str
    version: int
    def __init__(self, template_id: _Optional[str] = ..., org_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class RecordTemplateUseResponse(_message.Message):
    __slots__ = ("recorded", "use_count")
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    USE_COUNT_FIELD_NUMBER: _ClassVar[int]
    recorded: bool
    use_count: int
    def __init__(self, recorded: _Optional[bool] = ..., use_count: _Optional[int] = ...) -> None: ...

from keel.catalog.v1 import templates_pb2 as _templates_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TemplateCreated(_message.Message):
    __slots__ = ("template_id", "slug", "name", "category", "visibility", "official", "owner_org_id", "created_by", "forked_from")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    OFFICIAL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    FORKED_FROM_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    slug: str
    name: str
    category: str
    visibility: _templates_pb2.Visibility
    official: bool
    owner_org_id: str
    created_by: str
    forked_from: _templates_pb2.TemplateOrigin
    def __init__(self, template_id: _Optional[str] = ..., slug: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., visibility: _Optional[_Union[_templates_pb2.Visibility, str]] = ..., official: _Optional[bool] = ..., owner_org_id: _Optional[str] = ..., created_by: _Optional[str] = ..., forked_from: _Optional[_Union[_templates_pb2.TemplateOrigin, _Mapping]] = ...) -> None: ...

class TemplateVersionPublished(_message.Message):
    __slots__ = ("template_id", "version", "notes", "owner_org_id", "created_by")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    version: int
    notes: str
    owner_org_id: str
    created_by: str
    def __init__(self, template_id: _Optional[str] = ..., version: _Optional[int] = ..., notes: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., created_by: _Optional[str] = ...) -> None: ...

class TemplateDeleted(_message.Message):
    __slots__ = ("template_id", "owner_org_id", "deleted_by")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    owner_org_id: str
    deleted_by: str
    def __init__(self, template_id: _Optional[str] = ..., owner_org_id: _Optional[str] = ..., deleted_by: _Optional[str] = ...) -> None: ...

class TemplateSubmitted(_message.Message):
    __slots__ = ("submission_id", "agent_id", "agent_version", "org_id", "submitted_by", "name", "category")
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    agent_id: str
    agent_version: int
    org_id: str
    submitted_by: str
    name: str
    category: str
    def __init__(self, submission_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., agent_version: _Optional[int] = ..., org_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ...) -> None: ...

class TemplateApproved(_message.Message):
    __slots__ = ("submission_id", "agent_id", "org_id", "submitted_by", "reviewed_by", "template_id", "template_version", "new_template")
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_VERSION_FIELD_NUMBER: _ClassVar[int]
    NEW_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    agent_id: str
    org_id: str
    submitted_by: str
    reviewed_by: str
    template_id: str
    template_version: int
    new_template: bool
    def __init__(self, submission_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., org_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., reviewed_by: _Optional[str] = ..., template_id: _Optional[str] = ..., template_version: _Optional[int] = ..., new_template: _Optional[bool] = ...) -> None: ...

class TemplateRejected(_message.Message):
    __slots__ = ("submission_id", "agent_id", "org_id", "submitted_by", "reviewed_by", "reason")
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    agent_id: str
    org_id: str
    submitted_by: str
    reviewed_by: str
    reason: str
    def __init__(self, submission_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., org_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., reviewed_by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from keel.catalog.v1 import templates_pb2 as _templates_pb2
from keel.options.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmissionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBMISSION_STATE_UNSPECIFIED: _ClassVar[SubmissionState]
    SUBMISSION_STATE_PENDING: _ClassVar[SubmissionState]
    SUBMISSION_STATE_APPROVED: _ClassVar[SubmissionState]
    SUBMISSION_STATE_REJECTED: _ClassVar[SubmissionState]
    SUBMISSION_STATE_WITHDRAWN: _ClassVar[SubmissionState]
SUBMISSION_STATE_UNSPECIFIED: SubmissionState
SUBMISSION_STATE_PENDING: SubmissionState
SUBMISSION_STATE_APPROVED: SubmissionState
SUBMISSION_STATE_REJECTED: SubmissionState
SUBMISSION_STATE_WITHDRAWN: SubmissionState

class Submission(_message.Message):
    __slots__ = ("id", "agent_id", "agent_version", "org_id", "submitted_by", "name", "description", "category", "tags", "use_cases", "state", "config", "rejection_reason", "reviewed_by", "reviewed_at", "template_id", "template_version", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    USE_CASES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_AT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    agent_id: str
    agent_version: int
    org_id: str
    submitted_by: str
    name: str
    description: str
    category: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    use_cases: _containers.RepeatedScalarFieldContainer[str]
    state: SubmissionState
    config: _templates_pb2.TemplateConfig
    rejection_reason: str
    reviewed_by: str
    reviewed_at: _timestamp_pb2.Timestamp
    template_id: str
    template_version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., agent_id: _Optional[str] = ..., agent_version: _Optional[int] = ..., org_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., use_cases: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[SubmissionState, str]] = ..., config: _Optional[_Union[_templates_pb2.TemplateConfig, _Mapping]] = ..., rejection_reason: _Optional[str] = ..., reviewed_by: _Optional[str] = ..., reviewed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., template_id: _Optional[str] = ..., template_version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSubmissionRequest(_message.Message):
    __slots__ = ("agent_id", "name", "description", "category", "use_cases", "tags")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    USE_CASES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    name: str
    description: str
    category: str
    use_cases: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, agent_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., use_cases: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateSubmissionResponse(_message.Message):
    __slots__ = ("submission",)
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ...) -> None: ...

class ListSubmissionsRequest(_message.Message):
    __slots__ = ("org_id", "state", "page_size", "page_token")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    state: SubmissionState
    page_size: int
    page_token: str
    def __init__(self, org_id: _Optional[str] = ..., state: _Optional[_Union[SubmissionState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSubmissionsResponse(_message.Message):
    __slots__ = ("submissions", "next_page_token")
    SUBMISSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    submissions: _containers.RepeatedCompositeFieldContainer[Submission]
    next_page_token: str
    def __init__(self, submissions: _Optional[_Iterable[_Union[Submission, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSubmissionRequest(_message.Message):
    __slots__ = ("submission_id",)
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    def __init__(self, submission_id: _Optional[str] = ...) -> None: ...

class GetSubmissionResponse(_message.Message):
    __slots__ = ("submission",)
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ...) -> None: ...

class WithdrawSubmissionRequest(_message.Message):
    __slots__ = ("submission_id",)
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    def __init__(self, submission_id: _Optional[str] = ...) -> None: ...

class WithdrawSubmissionResponse(_message.Message):
    __slots__ = ("submission",)
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ...) -> None: ...

class ListAllSubmissionsRequest(_message.Message):
    __slots__ = ("state", "org_id", "agent_id", "submitted_by", "category", "page_size", "page_token")
    STATE_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    state: SubmissionState
    org_id: str
    agent_id: str
    submitted_by: str
    category: str
    page_size: int
    page_token: str
    def __init__(self, state: _Optional[_Union[SubmissionState, str]] = ..., org_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., category: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAllSubmissionsResponse(_message.Message):
    __slots__ = ("submissions", "next_page_token")
    SUBMISSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    submissions: _containers.RepeatedCompositeFieldContainer[Submission]
    next_page_token: str
    def __init__(self, submissions: _Optional[_Iterable[_Union[Submission, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSubmissionStatsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSubmissionStatsResponse(_message.Message):
    __slots__ = ("pending", "approved", "rejected", "withdrawn", "total")
    PENDING_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    pending: int
    approved: int
    rejected: int
    withdrawn: int
    total: int
    def __init__(self, pending: _Optional[int] = ..., approved: _Optional[int] = ..., rejected: _Optional[int] = ..., withdrawn: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class ApproveSubmissionRequest(_message.Message):
    __slots__ = ("submission_id", "notes")
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    notes: str
    def __init__(self, submission_id: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class ApproveSubmissionResponse(_message.Message):
    __slots__ = ("submission", "template")
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    template: _templates_pb2.Template
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ..., template: _Optional[_Union[_templates_pb2.Template, _Mapping]] = ...) -> None: ...

class RejectSubmissionRequest(_message.Message):
    __slots__ = ("submission_id", "reason")
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    reason: str
    def __init__(self, submission_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectSubmissionResponse(_message.Message):
    __slots__ = ("submission",)
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    submission: Submission
    def __init__(self, submission: _Optional[_Union[Submission, _Mapping]] = ...) -> None: ...

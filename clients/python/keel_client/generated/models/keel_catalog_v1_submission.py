from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_submission_state import (
    KeelCatalogV1SubmissionState,
    check_keel_catalog_v1_submission_state,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig


T = TypeVar("T", bound="KeelCatalogV1Submission")


@_attrs_define
class KeelCatalogV1Submission:
    """
    Attributes:
        agent_id (str | Unset):
        agent_version (int | Unset): The agent's version the submission copied.
        category (str | Unset):
        config (KeelCatalogV1TemplateConfig | Unset): What an agent made from the template starts with (stored as this
            message's JSON:
            `{system_prompt, model, tools, triggers, metadata}`).
        created_at (datetime.datetime | Unset):
        description (str | Unset):
        id (str | Unset):
        name (str | Unset):
        org_id (str | Unset): The agent's organization: an approved template is attributed to it.
        rejection_reason (str | Unset): Set when rejected.
        reviewed_at (datetime.datetime | Unset):
        reviewed_by (str | Unset):
        state (KeelCatalogV1SubmissionState | Unset): - `SUBMISSION_STATE_PENDING`: Waiting for review.
            - `SUBMISSION_STATE_APPROVED`: Published as a template (or a new version of one).
            - `SUBMISSION_STATE_REJECTED`: Refused, with a reason.
            - `SUBMISSION_STATE_WITHDRAWN`: Taken back by its submitter before review.
        submitted_by (str | Unset):
        tags (list[str] | Unset):
        template_id (str | Unset): Set when approved: the template and the version the approval published.
        template_version (int | Unset):
        updated_at (datetime.datetime | Unset):
        use_cases (list[str] | Unset): What the agent is good for, one short sentence each.
    """

    agent_id: str | Unset = UNSET
    agent_version: int | Unset = UNSET
    category: str | Unset = UNSET
    config: KeelCatalogV1TemplateConfig | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    description: str | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    org_id: str | Unset = UNSET
    rejection_reason: str | Unset = UNSET
    reviewed_at: datetime.datetime | Unset = UNSET
    reviewed_by: str | Unset = UNSET
    state: KeelCatalogV1SubmissionState | Unset = UNSET
    submitted_by: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    template_id: str | Unset = UNSET
    template_version: int | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    use_cases: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        agent_version = self.agent_version

        category = self.category

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        description = self.description

        id = self.id

        name = self.name

        org_id = self.org_id

        rejection_reason = self.rejection_reason

        reviewed_at: str | Unset = UNSET
        if not isinstance(self.reviewed_at, Unset):
            reviewed_at = self.reviewed_at.isoformat()

        reviewed_by = self.reviewed_by

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state

        submitted_by = self.submitted_by

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        template_id = self.template_id

        template_version = self.template_version

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        use_cases: list[str] | Unset = UNSET
        if not isinstance(self.use_cases, Unset):
            use_cases = self.use_cases

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if agent_version is not UNSET:
            field_dict["agent_version"] = agent_version
        if category is not UNSET:
            field_dict["category"] = category
        if config is not UNSET:
            field_dict["config"] = config
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if description is not UNSET:
            field_dict["description"] = description
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if rejection_reason is not UNSET:
            field_dict["rejection_reason"] = rejection_reason
        if reviewed_at is not UNSET:
            field_dict["reviewed_at"] = reviewed_at
        if reviewed_by is not UNSET:
            field_dict["reviewed_by"] = reviewed_by
        if state is not UNSET:
            field_dict["state"] = state
        if submitted_by is not UNSET:
            field_dict["submitted_by"] = submitted_by
        if tags is not UNSET:
            field_dict["tags"] = tags
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if template_version is not UNSET:
            field_dict["template_version"] = template_version
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if use_cases is not UNSET:
            field_dict["use_cases"] = use_cases

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig  # noqa: PLC0415

        d = dict(src_dict)
        agent_id = d.pop("agent_id", UNSET)

        agent_version = d.pop("agent_version", UNSET)

        category = d.pop("category", UNSET)

        _config = d.pop("config", UNSET)
        config: KeelCatalogV1TemplateConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelCatalogV1TemplateConfig.from_dict(_config)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        description = d.pop("description", UNSET)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        org_id = d.pop("org_id", UNSET)

        rejection_reason = d.pop("rejection_reason", UNSET)

        _reviewed_at = d.pop("reviewed_at", UNSET)
        reviewed_at: datetime.datetime | Unset
        if isinstance(_reviewed_at, Unset):
            reviewed_at = UNSET
        else:
            reviewed_at = datetime.datetime.fromisoformat(_reviewed_at)

        reviewed_by = d.pop("reviewed_by", UNSET)

        _state = d.pop("state", UNSET)
        state: KeelCatalogV1SubmissionState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = check_keel_catalog_v1_submission_state(_state)

        submitted_by = d.pop("submitted_by", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        template_id = d.pop("template_id", UNSET)

        template_version = d.pop("template_version", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        use_cases = cast(list[str], d.pop("use_cases", UNSET))

        keel_catalog_v1_submission = cls(
            agent_id=agent_id,
            agent_version=agent_version,
            category=category,
            config=config,
            created_at=created_at,
            description=description,
            id=id,
            name=name,
            org_id=org_id,
            rejection_reason=rejection_reason,
            reviewed_at=reviewed_at,
            reviewed_by=reviewed_by,
            state=state,
            submitted_by=submitted_by,
            tags=tags,
            template_id=template_id,
            template_version=template_version,
            updated_at=updated_at,
            use_cases=use_cases,
        )

        return keel_catalog_v1_submission

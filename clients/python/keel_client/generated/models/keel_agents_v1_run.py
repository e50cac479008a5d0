from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_agents_v1_run_status import (
    KeelAgentsV1RunStatus,
    check_keel_agents_v1_run_status,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_pending_tool_call import KeelAgentsV1PendingToolCall
    from ..models.keel_agents_v1_run_metadata import KeelAgentsV1RunMetadata
    from ..models.keel_agents_v1_run_usage import KeelAgentsV1RunUsage


T = TypeVar("T", bound="KeelAgentsV1Run")


@_attrs_define
class KeelAgentsV1Run:
    """
    Attributes:
        agent_id (str | Unset):
        agent_version (int | Unset):
        budget_credits (str | Unset):
        created_at (datetime.datetime | Unset):
        created_by (str | Unset):
        credits_held (str | Unset): The credits held for it, and the budget (decimal strings).
        fallback_models (list[str] | Unset):
        finished_at (datetime.datetime | Unset):
        id (str | Unset):
        input_ (str | Unset):
        message (str | Unset): A sentence about the reason, for people.
        metadata (KeelAgentsV1RunMetadata | Unset):
        model (str | Unset): The model it runs on (billing's id), and the fallbacks in order.
        org_id (str | Unset):
        output (str | Unset): The assistant's final answer, once completed.
        pending_tool_calls (list[KeelAgentsV1PendingToolCall] | Unset): While RUN_STATUS_REQUIRES_ACTION: the tool calls
            waiting for a person.
        reason (str | Unset): Why it ended (completed, budget_exceeded, credits_exhausted, cancelled, timeout,
            model_failed, …); empty while it runs.
        started_at (datetime.datetime | Unset):
        status (KeelAgentsV1RunStatus | Unset): - `RUN_STATUS_REQUIRES_ACTION`: Waiting for a person (a tool call to
            approve).
        thread_id (str | Unset):
        timeout_seconds (int | Unset):
        usage (KeelAgentsV1RunUsage | Unset):
    """

    agent_id: str | Unset = UNSET
    agent_version: int | Unset = UNSET
    budget_credits: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    credits_held: str | Unset = UNSET
    fallback_models: list[str] | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    input_: str | Unset = UNSET
    message: str | Unset = UNSET
    metadata: KeelAgentsV1RunMetadata | Unset = UNSET
    model: str | Unset = UNSET
    org_id: str | Unset = UNSET
    output: str | Unset = UNSET
    pending_tool_calls: list[KeelAgentsV1PendingToolCall] | Unset = UNSET
    reason: str | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    status: KeelAgentsV1RunStatus | Unset = UNSET
    thread_id: str | Unset = UNSET
    timeout_seconds: int | Unset = UNSET
    usage: KeelAgentsV1RunUsage | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        agent_version = self.agent_version

        budget_credits = self.budget_credits

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        credits_held = self.credits_held

        fallback_models: list[str] | Unset = UNSET
        if not isinstance(self.fallback_models, Unset):
            fallback_models = self.fallback_models

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        id = self.id

        input_ = self.input_

        message = self.message

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        model = self.model

        org_id = self.org_id

        output = self.output

        pending_tool_calls: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.pending_tool_calls, Unset):
            pending_tool_calls = []
            for pending_tool_calls_item_data in self.pending_tool_calls:
                pending_tool_calls_item = pending_tool_calls_item_data.to_dict()
                pending_tool_calls.append(pending_tool_calls_item)

        reason = self.reason

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        thread_id = self.thread_id

        timeout_seconds = self.timeout_seconds

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if agent_version is not UNSET:
            field_dict["agent_version"] = agent_version
        if budget_credits is not UNSET:
            field_dict["budget_credits"] = budget_credits
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if credits_held is not UNSET:
            field_dict["credits_held"] = credits_held
        if fallback_models is not UNSET:
            field_dict["fallback_models"] = fallback_models
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if id is not UNSET:
            field_dict["id"] = id
        if input_ is not UNSET:
            field_dict["input"] = input_
        if message is not UNSET:
            field_dict["message"] = message
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if model is not UNSET:
            field_dict["model"] = model
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if output is not UNSET:
            field_dict["output"] = output
        if pending_tool_calls is not UNSET:
            field_dict["pending_tool_calls"] = pending_tool_calls
        if reason is not UNSET:
            field_dict["reason"] = reason
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if status is not UNSET:
            field_dict["status"] = status
        if thread_id is not UNSET:
            field_dict["thread_id"] = thread_id
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_pending_tool_call import KeelAgentsV1PendingToolCall  # noqa: PLC0415
        from ..models.keel_agents_v1_run_metadata import KeelAgentsV1RunMetadata  # noqa: PLC0415
        from ..models.keel_agents_v1_run_usage import KeelAgentsV1RunUsage  # noqa: PLC0415

        d = dict(src_dict)
        agent_id = d.pop("agent_id", UNSET)

        agent_version = d.pop("agent_version", UNSET)

        budget_credits = d.pop("budget_credits", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        credits_held = d.pop("credits_held", UNSET)

        fallback_models = cast(list[str], d.pop("fallback_models", UNSET))

        _finished_at = d.pop("finished_at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        id = d.pop("id", UNSET)

        input_ = d.pop("input", UNSET)

        message = d.pop("message", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: KeelAgentsV1RunMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = KeelAgentsV1RunMetadata.from_dict(_metadata)

        model = d.pop("model", UNSET)

        org_id = d.pop("org_id", UNSET)

        output = d.pop("output", UNSET)

        _pending_tool_calls = d.pop("pending_tool_calls", UNSET)
        pending_tool_calls: list[KeelAgentsV1PendingToolCall] | Unset = UNSET
        if _pending_tool_calls is not UNSET:
            pending_tool_calls = []
            for pending_tool_calls_item_data in _pending_tool_calls:
                pending_tool_calls_item = KeelAgentsV1PendingToolCall.from_dict(
                    pending_tool_calls_item_data
                )

                pending_tool_calls.append(pending_tool_calls_item)

        reason = d.pop("reason", UNSET)

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        _status = d.pop("status", UNSET)
        status: KeelAgentsV1RunStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_keel_agents_v1_run_status(_status)

        thread_id = d.pop("thread_id", UNSET)

        timeout_seconds = d.pop("timeout_seconds", UNSET)

        _usage = d.pop("usage", UNSET)
        usage: KeelAgentsV1RunUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = KeelAgentsV1RunUsage.from_dict(_usage)

        keel_agents_v1_run = cls(
            agent_id=agent_id,
            agent_version=agent_version,
            budget_credits=budget_credits,
            created_at=created_at,
            created_by=created_by,
            credits_held=credits_held,
            fallback_models=fallback_models,
            finished_at=finished_at,
            id=id,
            input_=input_,
            message=message,
            metadata=metadata,
            model=model,
            org_id=org_id,
            output=output,
            pending_tool_calls=pending_tool_calls,
            reason=reason,
            started_at=started_at,
            status=status,
            thread_id=thread_id,
            timeout_seconds=timeout_seconds,
            usage=usage,
        )

        return keel_agents_v1_run

"""Runs, threads and events ↔ protobuf, and the Server-Sent Events frames."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from google.protobuf import json_format, struct_pb2
from google.protobuf.message import Message as ProtoMessage

from keel.agents.v1 import runs_pb2 as pb
from keel_runtime.convert import timestamp
from keel_runtime.errors import FieldViolation, InvalidArgument
from services.agents.domain import runs
from services.agents.domain.events import RunEvent
from services.agents.domain.runs import Run
from services.agents.domain.threads import Message, Thread

MAX_METADATA_BYTES = 4096
STATUS = {
    "queued": pb.RUN_STATUS_QUEUED,
    "running": pb.RUN_STATUS_RUNNING,
    "requires_action": pb.RUN_STATUS_REQUIRES_ACTION,
    "completed": pb.RUN_STATUS_COMPLETED,
    "failed": pb.RUN_STATUS_FAILED,
    "cancelled": pb.RUN_STATUS_CANCELLED,
    "timed_out": pb.RUN_STATUS_TIMED_OUT,
}


BUSY_THREAD = {
    pb.BUSY_THREAD_POLICY_UNSPECIFIED: runs.REJECT,
    pb.BUSY_THREAD_POLICY_REJECT: runs.REJECT,
    pb.BUSY_THREAD_POLICY_ENQUEUE: runs.ENQUEUE,
    pb.BUSY_THREAD_POLICY_INTERRUPT: runs.INTERRUPT,
}
DECISIONS = {
    pb.TOOL_DECISION_APPROVE: runs.APPROVE,
    pb.TOOL_DECISION_DENY: runs.DENY,
    pb.TOOL_DECISION_OUTPUT: runs.OUTPUT,
}


def metadata(request: ProtoMessage) -> dict[str, Any]:
    """A request's `metadata` Struct, bounded."""
    value: dict[str, Any] = json_format.MessageToDict(request.metadata)  # type: ignore[attr-defined]
    if len(json.dumps(value)) > MAX_METADATA_BYTES:
        raise InvalidArgument.of_field("metadata", "at most 4 KiB as JSON", "METADATA_TOO_LARGE")
    return value


def _struct(value: dict[str, Any]) -> struct_pb2.Struct:
    result = struct_pb2.Struct()
    result.update(value)
    return result


def run(value: Run) -> pb.Run:
    usage = value.usage
    return pb.Run(
        id=str(value.id), org_id=str(value.org_id), agent_id=str(value.agent_id),
        agent_version=value.agent_version, thread_id=str(value.thread_id),
        status=STATUS[value.status], reason=value.reason, message=value.message,
        input=value.input, output=value.output, metadata=_struct(value.metadata),
        model=value.model, fallback_models=list(value.fallback_models),
        usage=pb.RunUsage(
            input_tokens=usage.input_tokens, output_tokens=usage.output_tokens,
            cached_input_tokens=usage.cached_input_tokens,
            total_tokens=usage.input_tokens + usage.output_tokens,
            cost_usd=str(usage.cost_usd.normalize()), credits=str(usage.credits),
            tool_execution_ms=usage.tool_execution_ms, model_calls=usage.model_calls,
            tool_calls=usage.tool_calls,
        ),
        credits_held=str(value.credits_held),
        budget_credits="" if value.budget_credits is None else str(value.budget_credits),
        timeout_seconds=value.timeout_seconds,
        created_by=str(value.created_by or value.created_by_api_key or ""),
        created_at=timestamp(value.created_at), started_at=timestamp(value.started_at),
        finished_at=timestamp(value.finished_at),
        pending_tool_calls=[
            pb.PendingToolCall(tool_call_id=c["id"], name=c["name"],
                               arguments=_struct(c.get("arguments", {})))
            for c in value.pending_tool_calls
        ],
    )  # fmt: skip


def event(value: RunEvent) -> pb.RunEvent:
    return pb.RunEvent(
        run_id=str(value.run_id), sequence=value.sequence, type=value.type,
        data=_struct(value.data), created_at=timestamp(value.created_at),
    )  # fmt: skip


def sse_frame(value: RunEvent) -> bytes:
    """One Server-Sent Event: `id:` the sequence, `event:` the type, `data:` the JSON."""
    body = {"run_id": str(value.run_id), "sequence": value.sequence, "type": value.type,
            "data": value.data}  # fmt: skip
    return f"id: {value.sequence}\nevent: {value.type}\ndata: {json.dumps(body)}\n\n".encode()


def resume_point(invocation_metadata: Sequence[Any] | None, after: int) -> int:
    """Where a stream resumes: the `Last-Event-ID` header (Envoy passes it on as metadata)
    when it is a sequence number, else `after`."""
    for key, value in invocation_metadata or ():
        if key == "last-event-id":
            text = value.decode() if isinstance(value, bytes) else str(value)
            if text.strip().isdigit():
                return int(text.strip())
            raise InvalidArgument(
                "Last-Event-ID: a sequence number this stream sent",
                reason="INVALID_ARGUMENT",
                field_violations=[FieldViolation("Last-Event-ID", "not a sequence number")],
            )
    return after


def thread(value: Thread) -> pb.Thread:
    return pb.Thread(
        id=str(value.id), org_id=str(value.org_id),
        created_by=str(value.created_by or value.created_by_api_key or ""),
        metadata=_struct(value.metadata), status=value.status,
        message_count=value.message_count, created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
    )  # fmt: skip


def message(value: Message) -> pb.ThreadMessage:
    return pb.ThreadMessage(
        thread_id=str(value.thread_id), sequence=value.sequence, role=value.role,
        content=value.content,
        tool_calls=[pb.ToolCall(id=c.get("id", ""), name=c.get("name", ""),
                                arguments=_struct(c.get("arguments", {})))
                    for c in value.tool_calls],
        tool_call_id=value.tool_call_id, tool_name=value.tool_name,
        run_id=str(value.run_id or ""), created_at=timestamp(value.created_at),
    )  # fmt: skip

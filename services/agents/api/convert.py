"""Domain values ↔ agents's protobuf messages, and who calls, for the handlers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from google.protobuf import json_format

from keel.agents.v1 import agents_pb2 as pb
from keel_runtime import authz
from keel_runtime import context as request_context
from keel_runtime.convert import timestamp
from keel_runtime.errors import FailedPrecondition, FieldViolation
from keel_runtime.rpc import validation_error
from services.agents.domain.access import Caller
from services.agents.domain.agents import Agent, Config, Version

VISIBILITY = {
    pb.VISIBILITY_PRIVATE: "private",
    pb.VISIBILITY_ORGANIZATION: "organization",
    pb.VISIBILITY_PUBLIC: "public",
}
_VISIBILITY_VALUES = {name: value for value, name in VISIBILITY.items()}


def _id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def caller() -> Caller:
    ctx = request_context.current()
    return Caller(
        user_id=_id(ctx.user_id),
        api_key_id=ctx.api_key_id or None,
        org_id=_id(ctx.org_id),
        scopes=ctx.scopes,
    )


class CallerPermissions:
    """The domain's `Permissions`: identity's answers for the caller of the RPC."""

    async def require(self, org_id: uuid.UUID, permission: str) -> None:
        await authz.require(str(org_id), permission)

    async def allowed(self, checks: Sequence[tuple[uuid.UUID, str]]) -> list[bool]:
        if not request_context.current().authenticated:
            return [False] * len(checks)  # anonymous: nothing to ask identity about
        return await authz.allowed([(str(org_id), permission) for org_id, permission in checks])


def config_dict(config: pb.AgentConfig) -> Config:
    """The JSON a config is stored as (proto field names; defaults left out)."""
    result: dict[str, Any] = json_format.MessageToDict(config, preserving_proto_field_name=True)
    return result


def config_message(config: Config) -> pb.AgentConfig:
    # Fields a later contract drops are ignored rather than failing old rows.
    return json_format.ParseDict(config, pb.AgentConfig(), ignore_unknown_fields=True)


def agent(value: Agent) -> pb.Agent:
    result = pb.Agent(
        id=str(value.id),
        org_id=str(value.org_id),
        name=value.name,
        description=value.description,
        avatar_url=value.avatar_url,
        visibility=_VISIBILITY_VALUES[value.visibility],
        created_by=str(value.created_by or value.created_by_api_key or ""),
        latest_version=value.latest_version,
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
    )
    if value.config is not None:
        result.config.CopyFrom(config_message(value.config))
    if value.template_id is not None:
        result.from_template.CopyFrom(origin(value))
    return result


def origin(value: Agent) -> pb.TemplateOrigin:
    return pb.TemplateOrigin(
        template_id=str(value.template_id or ""), version=value.template_version or 0
    )


def contract_rules(config: Config) -> None:
    """The contract's rules for a config copied from a template: what it breaks is the
    template's doing, not the caller's (FAILED_PRECONDITION, TEMPLATE_CONFIG_UNUSABLE)."""
    try:
        parsed = json_format.ParseDict(config, pb.AgentConfig())
    except json_format.ParseError as exc:
        raise FailedPrecondition(
            f"the template's config is not one an agent can have: {exc}",
            reason="TEMPLATE_CONFIG_UNUSABLE",
        ) from None
    error = validation_error(pb.CreateAgentRequest(name="-", config=parsed))
    if error is None:
        return
    raise FailedPrecondition(
        f"the template's config is not one an agent can have: {error.message}",
        reason="TEMPLATE_CONFIG_UNUSABLE",
        field_violations=[
            FieldViolation(v.field, v.description, v.reason) for v in error.field_violations
        ],
    )


def version(value: Version) -> pb.AgentVersion:
    return pb.AgentVersion(
        agent_id=str(value.agent_id),
        version=value.number,
        notes=value.notes,
        config=config_message(value.config),
        created_by=str(value.created_by or ""),
        copied_from_version=value.copied_from_version or 0,
        created_at=timestamp(value.created_at),
    )

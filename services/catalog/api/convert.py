"""Domain values ↔ catalog's protobuf messages, and who calls, for the handlers."""

from __future__ import annotations

import uuid
from typing import Any

from google.protobuf import json_format

from keel.catalog.v1 import submissions_pb2, templates_pb2
from keel_runtime import authz
from keel_runtime import context as request_context
from keel_runtime.convert import timestamp
from keel_runtime.errors import FailedPrecondition, FieldViolation, InvalidArgument
from keel_runtime.rpc import validation_error
from services.catalog.domain import search
from services.catalog.domain.access import Caller
from services.catalog.domain.submissions import Submission
from services.catalog.domain.templates import Config, Template, Version

_NIL = "00000000-0000-0000-0000-000000000000"
VISIBILITY = {
    templates_pb2.VISIBILITY_PUBLIC: "public",
    templates_pb2.VISIBILITY_ORGANIZATION: "organization",
    templates_pb2.VISIBILITY_PRIVATE: "private",
}
_VISIBILITY_VALUES = {name: value for value, name in VISIBILITY.items()}
SORTS = {
    templates_pb2.TEMPLATE_SORT_RELEVANCE: search.RELEVANCE,
    templates_pb2.TEMPLATE_SORT_POPULAR: search.POPULAR,
    templates_pb2.TEMPLATE_SORT_NEWEST: search.NEWEST,
}


def _id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def caller() -> Caller:
    ctx = request_context.current()
    return Caller(user_id=_id(ctx.user_id), org_id=_id(ctx.org_id))


class CallerPermissions:
    """The domain's `Permissions`: identity's answers for the caller of the RPC."""

    async def require(self, org_id: uuid.UUID, permission: str) -> None:
        await authz.require(str(org_id), permission)

    async def allowed(self, org_id: uuid.UUID, permission: str) -> bool:
        ctx = request_context.current()
        if not (ctx.authenticated or ctx.service_principal):
            return False  # anonymous: nothing to ask identity about
        (allowed,) = await authz.allowed([(str(org_id), permission)])
        return allowed

    async def require_platform_admin(self) -> None:
        # Platform administrators are so in any organization; identity wants one named.
        await authz.require_platform_admin(request_context.current().org_id or _NIL)

    async def is_platform_admin(self) -> bool:
        ctx = request_context.current()
        if not ctx.authenticated:
            return False  # anonymous, or a service as itself: nobody's administrator
        (allowed,) = await authz.allowed([(ctx.org_id or _NIL, authz.PLATFORM_ADMIN)])
        return allowed


def visibility_name(value: int, field: str = "visibility") -> str:
    name = VISIBILITY.get(value)  # type: ignore[call-overload]
    if name is None:
        raise InvalidArgument(
            f"{field}: choose public, organization or private",
            reason="INVALID_ARGUMENT",
            field_violations=[FieldViolation(field, "must be set")],
        )
    return name


def config_dict(config: templates_pb2.TemplateConfig) -> Config:
    """The JSON a config is stored as (proto field names; defaults left out)."""
    result: dict[str, Any] = json_format.MessageToDict(config, preserving_proto_field_name=True)
    return result


def config_message(config: Config) -> templates_pb2.TemplateConfig:
    # Fields a later contract drops are ignored rather than failing old rows.
    return json_format.ParseDict(config, templates_pb2.TemplateConfig(), ignore_unknown_fields=True)


def template(value: Template) -> templates_pb2.Template:
    result = templates_pb2.Template(
        id=str(value.id),
        slug=value.slug,
        name=value.name,
        description=value.description,
        category=value.category,
        tags=value.tags,
        icon=value.icon,
        color=value.color,
        visibility=_VISIBILITY_VALUES[value.visibility],
        official=value.official,
        owner_org_id=str(value.owner_org_id or ""),
        created_by=str(value.created_by or ""),
        latest_version=value.latest_version,
        use_count=value.use_count,
        view_count=value.view_count,
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
    )
    if value.config is not None:
        result.config.CopyFrom(config_message(value.config))
    if value.forked_from_template_id is not None:
        result.forked_from.template_id = str(value.forked_from_template_id)
        result.forked_from.version = value.forked_from_version or 0
    return result


def version(value: Version) -> templates_pb2.TemplateVersion:
    return templates_pb2.TemplateVersion(
        template_id=str(value.template_id),
        version=value.number,
        notes=value.notes,
        config=config_message(value.config),
        created_by=str(value.created_by or ""),
        created_at=timestamp(value.created_at),
    )


def facets(value: search.Facets) -> templates_pb2.Facets:
    return templates_pb2.Facets(
        categories=[templates_pb2.FacetCount(value=v, count=n) for v, n in value.categories],
        tags=[templates_pb2.FacetCount(value=v, count=n) for v, n in value.tags],
        total=value.total,
    )


STATES = {
    submissions_pb2.SUBMISSION_STATE_PENDING: "pending",
    submissions_pb2.SUBMISSION_STATE_APPROVED: "approved",
    submissions_pb2.SUBMISSION_STATE_REJECTED: "rejected",
    submissions_pb2.SUBMISSION_STATE_WITHDRAWN: "withdrawn",
}
_STATE_VALUES = {name: value for value, name in STATES.items()}


def contract_rules(config: Config) -> None:
    """The contract's rules for a config made from an agent's: what it breaks is the
    agent's doing, not the request's (FAILED_PRECONDITION, AGENT_CONFIG_UNPUBLISHABLE)."""
    try:
        message = json_format.ParseDict(config, templates_pb2.TemplateConfig())
    except json_format.ParseError as exc:
        raise _unpublishable(str(exc)) from None
    error = validation_error(templates_pb2.CreateTemplateRequest(
        name="-", slug="x", category="x", config=message
    ))  # fmt: skip
    if error is not None:
        raise _unpublishable(error.message, error.field_violations)


def _unpublishable(
    problem: str, violations: list[FieldViolation] | None = None
) -> FailedPrecondition:
    return FailedPrecondition(
        f"the agent's config cannot be a template's: {problem}",
        reason="AGENT_CONFIG_UNPUBLISHABLE",
        field_violations=violations,
    )


def submission(value: Submission) -> submissions_pb2.Submission:
    result = submissions_pb2.Submission(
        id=str(value.id),
        agent_id=str(value.agent_id),
        agent_version=value.agent_version,
        org_id=str(value.org_id),
        submitted_by=str(value.submitted_by),
        name=value.name,
        description=value.description,
        category=value.category,
        tags=value.tags,
        use_cases=value.use_cases,
        state=_STATE_VALUES[value.state],
        rejection_reason=value.rejection_reason,
        reviewed_by=str(value.reviewed_by or ""),
        reviewed_at=timestamp(value.reviewed_at),
        template_id=str(value.template_id or ""),
        template_version=value.template_version or 0,
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
    )
    if value.config is not None:
        result.config.CopyFrom(config_message(value.config))
    return result

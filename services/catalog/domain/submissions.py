"""Template submissions and their review (no gRPC, no SQL here).

A member offers one of their agents to the public catalog: catalog asks the agents service,
for the submitter, for the agent and its latest version (`Agents`, which refuses a caller
who may not manage the agent) and keeps that version, as a template config, with the
submission. States: pending → approved | rejected | withdrawn, and no other move; one
pending submission per agent. A platform administrator approves (a public template owned
by the submitter's organization, or the next version of the one an earlier approval of the
same agent published) or rejects with a reason; the submitter may withdraw while pending.

A submission is its submitter's (while they have `templates.view` in its organization) and
the platform administrators': for anyone else it does not exist.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.errors import AlreadyExists, Conflict, NotFound, PermissionDenied
from keel_runtime.paging import Page, PageRequest
from services.catalog.domain import access, templates
from services.catalog.domain.access import PUBLIC, Caller, Permissions
from services.catalog.domain.templates import Config, Template, TemplateEvents, Templates

PENDING, APPROVED, REJECTED, WITHDRAWN = "pending", "approved", "rejected", "withdrawn"
STATES = (PENDING, APPROVED, REJECTED, WITHDRAWN)


@dataclass(frozen=True)
class Submission:
    id: uuid.UUID
    agent_id: uuid.UUID
    agent_version: int
    org_id: uuid.UUID
    submitted_by: uuid.UUID
    name: str
    description: str
    category: str
    tags: list[str]
    use_cases: list[str]
    # The template config an approval publishes; None where a list leaves it out.
    config: Config | None
    state: str = PENDING
    rejection_reason: str = ""
    reviewed_by: uuid.UUID | None = None
    reviewed_at: datetime | None = None
    template_id: uuid.UUID | None = None
    template_version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class AgentVersion:
    """An agent's latest version, as the agents service gives it."""

    agent_id: uuid.UUID
    org_id: uuid.UUID
    version: int
    # agents's AgentConfig as JSON (proto field names, enum names).
    config: dict[str, Any]


@dataclass(frozen=True)
class Proposal:
    """A submission as asked for (the contract has checked each field's shape)."""

    agent_id: uuid.UUID
    name: str
    description: str
    category: str
    use_cases: list[str]
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    org_id: uuid.UUID | None = None
    agent_id: uuid.UUID | None = None
    submitted_by: uuid.UUID | None = None
    category: str | None = None


@dataclass(frozen=True)
class Review:
    """A reviewer's decision, as the repository records it."""

    state: str
    reviewed_by: uuid.UUID | None
    rejection_reason: str = ""
    template_id: uuid.UUID | None = None
    template_version: int | None = None


class Agents(Protocol):
    """agents's AgentSubmissionService, called for the caller (`data.agents`)."""

    async def latest(self, agent_id: uuid.UUID) -> AgentVersion:
        """agents's NOT_FOUND or PERMISSION_DENIED unless the caller may manage the agent."""


class Submissions(Protocol):
    """catalog's submissions, in the transaction of the call (`data.submissions`)."""

    async def insert(self, submission: Submission) -> Submission:
        """Raises `pending_exists` when a concurrent submit of the agent won."""

    async def pending_of(self, agent_id: uuid.UUID) -> uuid.UUID | None: ...

    async def get(self, submission_id: uuid.UUID) -> Submission | None: ...

    async def lock(self, submission_id: uuid.UUID) -> Submission | None: ...

    async def list(
        self, filters: Filters, after: tuple[Any, ...] | None, limit: int
    ) -> list[Submission]:
        """Newest first (keyset: created_at, id), without configs."""

    async def counts(self) -> dict[str, int]:
        """Submissions per state (states without any left out)."""

    async def record(self, submission_id: uuid.UUID, review: Review) -> Submission: ...

    async def published_template(self, agent_id: uuid.UUID) -> uuid.UUID | None:
        """The template the latest approval of the agent published."""


class SubmissionEvents(Protocol):
    async def submitted(self, submission: Submission) -> None: ...

    async def approved(self, submission: Submission, new_template: bool) -> None: ...

    async def rejected(self, submission: Submission) -> None: ...


@dataclass(frozen=True)
class Context:
    submissions: Submissions
    agents: Agents
    events: SubmissionEvents
    templates: Templates
    template_events: TemplateEvents
    permissions: Permissions
    # The contract's rules for a template config (`api.convert.contract_rules`).
    contract_rules: Callable[[Config], None]


def not_found(submission_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no submission {submission_id}",
        reason="SUBMISSION_NOT_FOUND",
        metadata={"submission_id": str(submission_id)},
    )


def pending_exists(agent_id: uuid.UUID, pending: uuid.UUID | None = None) -> AlreadyExists:
    metadata = {"agent_id": str(agent_id)}
    if pending is not None:
        metadata["submission_id"] = str(pending)
    return AlreadyExists(
        f"agent {agent_id} has a pending submission already",
        reason="SUBMISSION_PENDING",
        metadata=metadata,
    )


def _require_pending(submission: Submission) -> None:
    if submission.state != PENDING:
        raise Conflict(
            f"submission {submission.id} is {submission.state}, not pending",
            reason="SUBMISSION_NOT_PENDING",
            metadata={"submission_id": str(submission.id), "state": submission.state},
        )


def _require_user(caller: Caller) -> uuid.UUID:
    """Submissions are people's: an API key (or a service) has none."""
    if caller.user_id is None:
        raise PermissionDenied("submissions are made by signed-in users", reason="USER_REQUIRED")
    return caller.user_id


def template_config(agent: dict[str, Any], use_cases: list[str]) -> Config:
    """An agent's config as a template config (the reverse of agents's `agent_config`).

    The prompt and triggers as they are; the model (`name` → `id`, or the quality level);
    built-in tools and MCP servers as tools; knowledge-base tags, channel defaults and the
    use cases as metadata. Left out, as a template has no place for them: generation
    settings and an MCP server's `requires_approval`.
    """
    config: Config = {}
    if agent.get("system_prompt"):
        config["system_prompt"] = agent["system_prompt"]
    model = agent.get("model") or {}
    if model.get("name"):
        config["model"] = {"id": model["name"]}
    elif model.get("quality"):
        config["model"] = {"quality": model["quality"]}
    tools: list[dict[str, Any]] = []
    for tool in agent.get("tools", ()):
        builtin = {"name": tool["name"], "kind": "TOOL_KIND_BUILTIN"}
        tools.append(builtin | ({"settings": tool["settings"]} if tool.get("settings") else {}))
    for server in agent.get("mcp_servers", ()):
        mcp = {k: server[k] for k in ("name", "url", "allowed_tools") if server.get(k)}
        tools.append({"name": server["name"], "kind": "TOOL_KIND_MCP", "mcp_server": mcp})
    if tools:
        config["tools"] = tools
    if agent.get("triggers"):
        config["triggers"] = [dict(t) for t in agent["triggers"]]
    metadata: dict[str, Any] = {"use_cases": list(use_cases)}
    if agent.get("knowledge_base_tags"):
        metadata["knowledge_base_tags"] = list(agent["knowledge_base_tags"])
    if agent.get("channel_defaults"):
        metadata["channel_defaults"] = dict(agent["channel_defaults"])
    config["metadata"] = metadata
    return config


async def submit(ctx: Context, caller: Caller, proposal: Proposal) -> Submission:
    user_id = _require_user(caller)
    agent = await ctx.agents.latest(proposal.agent_id)
    await ctx.permissions.require(agent.org_id, access.SUBMIT)
    await templates.check_category(ctx.templates, proposal.category)
    config = template_config(agent.config, proposal.use_cases)
    ctx.contract_rules(config)
    templates.check_config(config)
    pending = await ctx.submissions.pending_of(agent.agent_id)
    if pending is not None:
        raise pending_exists(agent.agent_id, pending)
    submission = Submission(
        id=uuid.uuid4(),
        agent_id=agent.agent_id,
        agent_version=agent.version,
        org_id=agent.org_id,
        submitted_by=user_id,
        name=proposal.name,
        description=proposal.description,
        category=proposal.category,
        tags=list(proposal.tags),
        use_cases=list(proposal.use_cases),
        config=config,
    )
    saved = await ctx.submissions.insert(submission)
    await ctx.events.submitted(saved)
    return saved


async def _is_submitter(ctx: Context, caller: Caller, submission: Submission) -> bool:
    return caller.user_id == submission.submitted_by and await ctx.permissions.allowed(
        submission.org_id, access.VIEW
    )


async def _require_visible(
    ctx: Context, caller: Caller, submission: Submission | None, submission_id: uuid.UUID
) -> Submission:
    if submission is None or caller.anonymous:
        raise not_found(submission_id)
    if await _is_submitter(ctx, caller, submission) or await ctx.permissions.is_platform_admin():
        return submission
    raise not_found(submission_id)


async def get(ctx: Context, caller: Caller, submission_id: uuid.UUID) -> Submission:
    found = await ctx.submissions.get(submission_id)
    return await _require_visible(ctx, caller, found, submission_id)


async def _list(
    ctx: Context, filters: Filters, page_size: int, page_token: str
) -> Page[Submission]:
    """Newest first, keyset on (created_at, id)."""
    page = PageRequest.parse(page_size, page_token, default_size=20)
    after = page.cursor(paging.timestamp, paging.uuid_text)
    items = await ctx.submissions.list(filters, after, page.size + 1)
    return page.result(
        items, key=lambda s: [s.created_at.isoformat() if s.created_at else "", str(s.id)]
    )


async def list_own(
    ctx: Context,
    caller: Caller,
    org_id: uuid.UUID | None,
    state: str | None,
    page_size: int,
    page_token: str,
) -> Page[Submission]:
    """The caller's submissions in an organization (theirs, else their active one)."""
    user_id = _require_user(caller)
    org = access.organization_of(org_id, caller)
    await ctx.permissions.require(org, access.VIEW)
    filters = Filters(state=state, org_id=org, submitted_by=user_id)
    return await _list(ctx, filters, page_size, page_token)


async def withdraw(ctx: Context, caller: Caller, submission_id: uuid.UUID) -> Submission:
    found = await _require_visible(
        ctx, caller, await ctx.submissions.lock(submission_id), submission_id
    )
    if found.submitted_by != caller.user_id:
        raise PermissionDenied(
            "only its submitter withdraws a submission",
            reason="SUBMITTER_ONLY",
            metadata={"submission_id": str(submission_id)},
        )
    await ctx.permissions.require(found.org_id, access.SUBMIT)
    _require_pending(found)
    return await ctx.submissions.record(submission_id, Review(WITHDRAWN, None))


async def list_all(
    ctx: Context, filters: Filters, page_size: int, page_token: str
) -> Page[Submission]:
    """Every organization's submissions (platform administrators)."""
    await ctx.permissions.require_platform_admin()
    return await _list(ctx, filters, page_size, page_token)


async def stats(ctx: Context) -> dict[str, int]:
    """Submissions per state, every state named (platform administrators)."""
    await ctx.permissions.require_platform_admin()
    counts = await ctx.submissions.counts()
    return {state: counts.get(state, 0) for state in STATES}


async def _pending_for_review(ctx: Context, submission_id: uuid.UUID) -> Submission:
    await ctx.permissions.require_platform_admin()
    found = await ctx.submissions.lock(submission_id)
    if found is None:
        raise not_found(submission_id)
    _require_pending(found)
    return found


def slug_of(name: str) -> str:
    """A template slug from a name: lower-case words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:64].strip("-") or "template"


async def _publish(ctx: Context, submission: Submission, notes: str) -> tuple[Template, bool]:
    """The template the approval publishes, and whether it is a new one."""
    assert submission.config is not None
    fields: dict[str, Any] = {
        "name": submission.name,
        "description": submission.description,
        "category": submission.category,
        "tags": list(submission.tags),
    }
    earlier = await ctx.submissions.published_template(submission.agent_id)
    current = await ctx.templates.lock(earlier) if earlier is not None else None
    if current is not None:
        changed = {k: v for k, v in fields.items() if v != getattr(current, k)}
        saved = await templates.publish_version(
            ctx.templates, ctx.template_events, current, changed, submission.config, notes,
            submission.submitted_by,
        )  # fmt: skip
        return saved, False
    slug = await templates.free_slug(ctx.templates, submission.org_id, slug_of(submission.name))
    template = Template(
        id=uuid.uuid4(),
        slug=slug,
        name=submission.name,
        description=submission.description,
        category=submission.category,
        tags=list(submission.tags),
        icon="",
        color="",
        visibility=PUBLIC,
        official=False,
        owner_org_id=submission.org_id,
        created_by=submission.submitted_by,
        latest_version=1,
        config=submission.config,
    )
    return await templates.insert(ctx.templates, ctx.template_events, template, notes), True


async def approve(
    ctx: Context, caller: Caller, submission_id: uuid.UUID, notes: str
) -> tuple[Submission, Template]:
    found = await _pending_for_review(ctx, submission_id)
    template, new = await _publish(ctx, found, notes or f"Approved submission {found.id}")
    review = Review(APPROVED, caller.user_id, "", template.id, template.latest_version)
    saved = await ctx.submissions.record(submission_id, review)
    await ctx.events.approved(saved, new)
    return saved, template


async def reject(ctx: Context, caller: Caller, submission_id: uuid.UUID, reason: str) -> Submission:
    await _pending_for_review(ctx, submission_id)
    saved = await ctx.submissions.record(
        submission_id, Review(REJECTED, caller.user_id, reason.strip())
    )
    await ctx.events.rejected(saved)
    return saved

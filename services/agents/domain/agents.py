"""Agents: create, read, list, change, delete (no gRPC, no SQL here).

An agent's config lives in immutable versions numbered 1, 2, 3…; the agent points at its
latest. A change of config makes a new version; any other change leaves the versions
alone. Every change is published as an event in the same transaction (`AgentEvents`).

Creating counts against the plan (`plan.AgentLimit`): creates in one organization are
serialized (`Agents.lock_organization`), billing's limit is checked, the agent written,
and billing's count raised as the last step before the commit, keyed by the agent's id.
A failure before that writes nothing anywhere; billing counting and the commit then
failing (a lost connection) leaves billing one agent high, which a retry with the same
`request_id` (the same agent id, so the same key) repairs.

From a template (`create_from_template`): catalog's use is recorded just before billing's
count, keyed by the agent too. A failure of billing's count after it, or of the commit,
leaves catalog one use high for an agent that does not exist; a retry with the same
`request_id` converges (the same agent id: catalog counts nothing twice).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.errors import AlreadyExists, InvalidArgument
from keel_runtime.paging import Page, PageRequest
from services.agents.domain import access, plan, templates
from services.agents.domain.access import PRIVATE, PUBLIC, Audience, Caller, Permissions

# A config is one JSON document, bounded so an agent row stays small to read and copy.
MAX_CONFIG_BYTES = 64 * 1024
MAX_TOOL_SETTINGS_BYTES = 8 * 1024
Config = dict[str, Any]
# Agent ids of retried creates: uuid5(this, "<org>/<creator>/<request_id>").
_REQUEST_IDS = uuid.UUID("6f1d3c52-7a0e-4c4e-9d2b-3b8f0c1a9e47")


@dataclass(frozen=True)
class Agent:
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    description: str
    avatar_url: str
    visibility: str
    created_by: uuid.UUID | None
    created_by_api_key: str | None
    latest_version: int
    # The latest version's config; None where a list leaves it out.
    config: Config | None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    # The catalog template and version it was made from (`templates`), if any.
    template_id: uuid.UUID | None = None
    template_version: int | None = None


@dataclass(frozen=True)
class Version:
    agent_id: uuid.UUID
    number: int
    notes: str
    config: Config
    created_by: uuid.UUID | None
    copied_from_version: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Draft:
    """A new agent, as asked for (the contract has checked each field's shape)."""

    org_id: uuid.UUID | None
    name: str
    description: str
    avatar_url: str
    visibility: str | None
    config: Config
    version_notes: str = ""
    request_id: str = ""


# The fields a change may set, besides the config.
EDITABLE = ("name", "description", "avatar_url", "visibility")


@dataclass(frozen=True)
class Changes:
    fields: dict[str, Any] = field(default_factory=dict)
    # A new config: a new version when it differs from the latest.
    config: Config | None = None
    version_notes: str = ""


@dataclass(frozen=True)
class ListFilters:
    org_id: uuid.UUID | None = None
    creator_id: uuid.UUID | None = None
    visibility: str | None = None


@dataclass(frozen=True)
class Shown:
    """Which of an organization's agents a list shows (the repository's filter)."""

    visibilities: tuple[str, ...]  # shown whoever made them
    own_user: uuid.UUID | None  # private agents of this user, too
    own_api_key: str | None  # private agents of this service key, too
    creator_id: uuid.UUID | None = None


class Agents(Protocol):
    """agents's agents and versions, in the transaction of the call (`data.agents`)."""

    async def get(self, agent_id: uuid.UUID, *, deleted: bool = False) -> Agent | None:
        """An agent with its config (a deleted one only when `deleted`)."""

    async def lock(self, agent_id: uuid.UUID) -> Agent | None:
        """A live agent, locked until the transaction ends."""

    async def lock_organization(self, org_id: uuid.UUID) -> None:
        """Until the transaction ends, no other create in `org_id` passes this point."""

    async def insert(self, agent: Agent, version: Version) -> Agent: ...

    async def update(
        self, agent_id: uuid.UUID, fields: dict[str, Any], version: Version | None
    ) -> Agent: ...

    async def delete(self, agent_id: uuid.UUID) -> None: ...

    async def list_visible(
        self, org_id: uuid.UUID, shown: Shown, after: tuple[Any, ...] | None, limit: int
    ) -> list[Agent]:
        """Live agents, newest first (keyset: created_at, id), without configs."""

    async def versions(self, agent_id: uuid.UUID, before: int | None, limit: int) -> list[Version]:
        """Newest first."""

    async def version(self, agent_id: uuid.UUID, number: int) -> Version | None: ...


class AgentEvents(Protocol):
    """Events on agents's stream, written with the change (`data.events`)."""

    async def created(self, agent: Agent) -> None: ...

    async def updated(
        self, agent: Agent, changed: list[str], version_created: bool, by: Caller
    ) -> None: ...

    async def deleted(self, agent: Agent, by: Caller) -> None: ...


@dataclass(frozen=True)
class Context:
    """What the operations need, besides the caller (built once: `api`)."""

    agents: Agents
    events: AgentEvents
    permissions: Permissions
    limit: plan.AgentLimit
    models: plan.ModelPolicy
    templates: templates.Templates
    # The contract's rules for a config the caller did not send (one copied from a
    # template): raises INVALID_ARGUMENT-style errors (`api.convert.validate_config`).
    contract_rules: Callable[[Config], None]


def check_config(config: Config) -> None:
    """What the contract's rules cannot state: sizes of the JSON, names unique per agent."""
    if len(json.dumps(config)) > MAX_CONFIG_BYTES:
        raise InvalidArgument.of_field(
            "config", f"at most {MAX_CONFIG_BYTES} bytes as JSON", "CONFIG_TOO_LARGE"
        )
    for i, tool in enumerate(config.get("tools", ())):
        if len(json.dumps(tool.get("settings", {}))) > MAX_TOOL_SETTINGS_BYTES:
            raise InvalidArgument.of_field(
                f"config.tools[{i}].settings",
                f"at most {MAX_TOOL_SETTINGS_BYTES} bytes as JSON",
                "CONFIG_TOO_LARGE",
            )
    for kind, key in (("tools", "name"), ("mcp_servers", "name")):
        names = [item.get(key) for item in config.get(kind, ())]
        if len(names) != len(set(names)):
            raise InvalidArgument.of_field(
                f"config.{kind}", "names must be unique", "DUPLICATE_NAME"
            )


async def _check_config(ctx: Context, org_id: uuid.UUID, config: Config) -> None:
    check_config(config)
    await ctx.models.check(org_id, config.get("model", {}))


def _creator_key(caller: Caller) -> str:
    return str(caller.user_id or caller.api_key_id)


def agent_id_for(org_id: uuid.UUID, caller: Caller, request_id: str, source: str = "") -> uuid.UUID:
    """A new id, or the one this caller's `request_id` (for this source) always gets."""
    if not request_id:
        return uuid.uuid4()
    return uuid.uuid5(_REQUEST_IDS, f"{org_id}/{_creator_key(caller)}/{request_id}{source}")


def template_source(template_id: uuid.UUID) -> str:
    """What a create from a template adds to the request_id's key: another template, or a
    plain create, with the same request_id is another agent."""
    return f"/template/{template_id}"


async def create(ctx: Context, caller: Caller, draft: Draft) -> Agent:
    org_id = access.organization_of(draft.org_id, caller)
    await ctx.permissions.require(org_id, access.CREATE)
    await _check_config(ctx, org_id, draft.config)
    agent_id = agent_id_for(org_id, caller, draft.request_id)
    await ctx.agents.lock_organization(org_id)
    if draft.request_id and (earlier := await ctx.agents.get(agent_id, deleted=True)):
        return _replay(earlier, draft)
    return await _insert(ctx, caller, org_id, agent_id, draft, None)


async def create_from_template(
    ctx: Context, caller: Caller, asked: templates.FromTemplate
) -> Agent:
    """An agent whose version 1 copies the template's latest version (as `create`, plus
    catalog's use count, recorded before billing's)."""
    org_id = access.organization_of(asked.org_id, caller)
    await ctx.permissions.require(org_id, access.CREATE)
    agent_id = agent_id_for(org_id, caller, asked.request_id, template_source(asked.template_id))
    await ctx.agents.lock_organization(org_id)
    if asked.request_id and (earlier := await ctx.agents.get(agent_id, deleted=True)):
        return _replay(earlier, asked)  # the template may have changed or gone since
    copy = await ctx.templates.config(asked.template_id, org_id)
    config = templates.agent_config(copy.config)
    ctx.contract_rules(config)
    notes = f"From the template {copy.name}, version {copy.version}"
    config, lowered = await _fit_quality(ctx, org_id, config)
    if lowered:
        notes += f"; {lowered}"
    await _check_config(ctx, org_id, config)
    draft = Draft(
        org_id=org_id,
        name=asked.name or copy.name,
        description=asked.description,
        avatar_url="",
        visibility=asked.visibility,
        config=config,
        version_notes=notes,
        request_id=asked.request_id,
    )
    return await _insert(ctx, caller, org_id, agent_id, draft, copy)


async def _fit_quality(ctx: Context, org_id: uuid.UUID, config: Config) -> tuple[Config, str]:
    """A template's quality level is what it was made for, not a requirement: above what
    the plan has, the agent gets the plan's best level below it, said in its version notes
    (an upgrade later is one PATCH). Without a lower level in the plan it is refused as
    any config is."""
    wanted = config.get("model", {}).get("quality")
    if not wanted:
        return config, ""
    best = await ctx.models.best_quality(org_id, wanted)
    if best is None or best == wanted:
        return config, ""
    fitted = {**config, "model": {"quality": best}}
    return fitted, f"model quality {_level(wanted)} lowered to {_level(best)}, the plan's best"


def _level(quality: str) -> str:
    return quality.removeprefix("MODEL_QUALITY_").lower()


async def _insert(
    ctx: Context,
    caller: Caller,
    org_id: uuid.UUID,
    agent_id: uuid.UUID,
    draft: Draft,
    template: templates.TemplateCopy | None,
) -> Agent:
    """Within the plan's limit (the organization is locked): the agent, version 1, the
    event; then catalog's use (from a template), then billing's count, the last steps."""
    await ctx.limit.check(org_id)
    agent = Agent(
        id=agent_id,
        org_id=org_id,
        name=draft.name,
        description=draft.description,
        avatar_url=draft.avatar_url,
        visibility=draft.visibility or PRIVATE,
        created_by=caller.user_id,
        created_by_api_key=None if caller.user_id else caller.api_key_id,
        latest_version=1,
        config=draft.config,
        template_id=template.template_id if template else None,
        template_version=template.version if template else None,
    )
    version = Version(agent.id, 1, draft.version_notes, draft.config, caller.user_id)
    saved = await ctx.agents.insert(agent, version)
    await ctx.events.created(saved)
    if template is not None:
        await ctx.templates.record_use(template.template_id, org_id, saved.id, template.version)
    await ctx.limit.record(org_id, +1, plan.created_key(saved.id))  # last: see the docstring
    return saved


def _replay(earlier: Agent, draft: Draft | templates.FromTemplate) -> Agent:
    """The agent a create with this request_id made before."""
    if earlier.deleted_at is not None:
        raise AlreadyExists(
            "request_id was used for an agent deleted since",
            reason="REQUEST_ID_USED",
            metadata={"request_id": draft.request_id, "agent_id": str(earlier.id)},
        )
    return earlier  # committed, so counted by billing before that commit


async def get(ctx: Context, caller: Caller, agent_id: uuid.UUID) -> Agent:
    agent = await ctx.agents.get(agent_id)
    await access.require_visible(agent, agent_id, caller, ctx.permissions)
    assert agent is not None
    return agent


def shown(audience: Audience, caller: Caller, filters: ListFilters) -> Shown:
    visibilities: list[str] = []
    if audience.public:
        visibilities.append(PUBLIC)
    if audience.member:
        visibilities.append(access.ORGANIZATION)
    own_user = own_key = None
    if audience.manage_all:
        visibilities.append(PRIVATE)
    elif audience.member:
        own_user, own_key = caller.user_id, None if caller.user_id else caller.api_key_id
    if filters.visibility is not None:
        visibilities = [v for v in visibilities if v == filters.visibility]
        if filters.visibility != PRIVATE:
            own_user = own_key = None
    return Shown(tuple(visibilities), own_user, own_key, filters.creator_id)


async def list_agents(
    ctx: Context, caller: Caller, filters: ListFilters, page_size: int, page_token: str
) -> Page[Agent]:
    """The organization's agents the caller sees, newest first."""
    org_id = access.organization_of(filters.org_id, caller)
    audience = await access.audience(org_id, caller, ctx.permissions)
    if not (audience.member or audience.public):
        await ctx.permissions.require(org_id, access.VIEW)  # the caller's error
    page = PageRequest.parse(page_size, page_token, default_size=20)
    after = page.cursor(paging.timestamp, paging.uuid_text)
    items = await ctx.agents.list_visible(
        org_id, shown(audience, caller, filters), after, page.size + 1
    )
    return page.result(
        items, key=lambda a: [a.created_at.isoformat() if a.created_at else "", str(a.id)]
    )


async def require_editable(ctx: Context, caller: Caller, agent_id: uuid.UUID) -> Agent:
    """The agent, locked, when the caller may change it."""
    agent = await ctx.agents.lock(agent_id)
    await access.require_visible(agent, agent_id, caller, ctx.permissions)
    assert agent is not None
    await access.require_editor(agent, caller, ctx.permissions)
    return agent


async def update(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, changes: Changes
) -> tuple[Agent, bool]:
    """The agent after `changes`, and whether they made a new version."""
    current = await require_editable(ctx, caller, agent_id)
    fields = {k: v for k, v in changes.fields.items() if v != getattr(current, k)}
    if "name" in fields and not fields["name"]:
        raise InvalidArgument.of_field("name", "must not be empty", "REQUIRED")
    if "visibility" in fields and fields["visibility"] is None:
        raise InvalidArgument.of_field(
            "visibility", "choose private, organization or public", "REQUIRED"
        )
    version = None
    if changes.config is not None and changes.config != current.config:
        await _check_config(ctx, current.org_id, changes.config)
        number = current.latest_version + 1
        version = Version(agent_id, number, changes.version_notes, changes.config, caller.user_id)
    if not fields and version is None:
        return current, False
    saved = await ctx.agents.update(agent_id, fields, version)
    changed = sorted(fields) + (["config"] if version is not None else [])
    await ctx.events.updated(saved, changed, version is not None, caller)
    return saved, version is not None


async def delete(ctx: Context, caller: Caller, agent_id: uuid.UUID) -> None:
    current = await require_editable(ctx, caller, agent_id)
    await ctx.agents.delete(agent_id)
    await ctx.events.deleted(current, caller)
    await ctx.limit.record(current.org_id, -1, plan.deleted_key(agent_id))

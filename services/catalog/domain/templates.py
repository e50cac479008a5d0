"""Templates and their versions: create, read, change, delete, fork (no gRPC, no SQL here).

A template's config lives in immutable versions; the template points at its latest. A
change of config publishes a new version; any other change leaves the versions alone.
Every change is published as an event in the same transaction (`TemplateEvents`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.errors import AlreadyExists, InvalidArgument, NotFound
from keel_runtime.paging import Page, PageRequest
from services.catalog.domain import access
from services.catalog.domain.access import ORGANIZATION, PUBLIC, Caller, Permissions

# A config is one JSON document; bounded so a template row stays small to read and copy.
MAX_CONFIG_BYTES = 64 * 1024
MAX_TOOL_SETTINGS_BYTES = 8 * 1024
Config = dict[str, Any]


@dataclass(frozen=True)
class Template:
    id: uuid.UUID
    slug: str
    name: str
    description: str
    category: str
    tags: list[str]
    icon: str
    color: str
    visibility: str
    official: bool
    owner_org_id: uuid.UUID | None
    created_by: uuid.UUID | None
    latest_version: int
    # The latest version's config; None where a list leaves it out.
    config: Config | None
    use_count: int = 0
    view_count: int = 0
    forked_from_template_id: uuid.UUID | None = None
    forked_from_version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Version:
    template_id: uuid.UUID
    number: int
    notes: str
    config: Config
    created_by: uuid.UUID | None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Draft:
    """A new template, as asked for (the contract has checked each field's shape)."""

    name: str
    slug: str
    description: str
    category: str
    tags: list[str]
    icon: str
    color: str
    visibility: str | None
    official: bool
    org_id: uuid.UUID | None
    config: Config
    version_notes: str = ""


# The fields a change may set, besides the config.
EDITABLE = ("name", "slug", "description", "category", "tags", "icon", "color", "visibility")
_REQUIRED = ("name", "slug", "category")


@dataclass(frozen=True)
class Changes:
    fields: dict[str, Any] = field(default_factory=dict)
    # A new config: a new version when it differs from the latest.
    config: Config | None = None
    version_notes: str = ""


class Templates(Protocol):
    """catalog's templates, in the transaction of the call (`data.templates`)."""

    async def get(self, template_id: uuid.UUID) -> Template | None:
        """A template that is not deleted, with its config."""

    async def lock(self, template_id: uuid.UUID) -> Template | None:
        """`get`, locked until the transaction ends."""

    async def category_exists(self, slug: str) -> bool: ...

    async def slug_taken(self, owner_org_id: uuid.UUID | None, slug: str) -> bool: ...

    async def insert(self, template: Template, version: Version) -> Template:
        """Raises `slug_taken` when a concurrent insert took the slug first."""

    async def update(
        self, template_id: uuid.UUID, fields: dict[str, Any], version: Version | None
    ) -> Template: ...

    async def delete(self, template_id: uuid.UUID) -> None: ...

    async def versions(
        self, template_id: uuid.UUID, before: int | None, limit: int
    ) -> list[Version]: ...

    async def version(self, template_id: uuid.UUID, number: int) -> Version | None: ...


class TemplateEvents(Protocol):
    """Events on catalog's stream, written with the change (`data.events`)."""

    async def created(self, template: Template) -> None: ...

    async def version_published(self, template: Template, version: Version) -> None: ...

    async def deleted(self, template: Template, deleted_by: uuid.UUID | None) -> None: ...


def slug_taken(slug: str) -> AlreadyExists:
    return AlreadyExists(
        f"a template with slug {slug!r} exists already",
        reason="TEMPLATE_SLUG_TAKEN",
        metadata={"slug": slug},
    )


def check_config(config: Config) -> None:
    """Bounds the contract's rules cannot state: sizes of the JSON as a whole."""
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


async def check_category(templates: Templates, slug: str) -> None:
    if not await templates.category_exists(slug):
        raise InvalidArgument.of_field("category", f"no category {slug!r}", "UNKNOWN_CATEGORY")


async def create(
    templates: Templates,
    events: TemplateEvents,
    permissions: Permissions,
    caller: Caller,
    draft: Draft,
) -> Template:
    owner: uuid.UUID | None
    if draft.official:
        await permissions.require_platform_admin()
        if draft.visibility not in (None, PUBLIC):
            raise InvalidArgument.of_field(
                "visibility", "official templates are public", "OFFICIAL_IS_PUBLIC"
            )
        if draft.org_id is not None:
            raise InvalidArgument.of_field(
                "org_id", "official templates belong to no organization", "OFFICIAL"
            )
        owner, visibility = None, PUBLIC
    else:
        visibility = draft.visibility or ORGANIZATION
        if visibility == PUBLIC:
            raise access.refuse_public()
        owner = access.organization_of(draft.org_id, caller)
        await permissions.require(owner, access.SUBMIT)
    check_config(draft.config)
    await check_category(templates, draft.category)
    if await templates.slug_taken(owner, draft.slug):
        raise slug_taken(draft.slug)
    template = Template(
        id=uuid.uuid4(),
        slug=draft.slug,
        name=draft.name,
        description=draft.description,
        category=draft.category,
        tags=list(draft.tags),
        icon=draft.icon,
        color=draft.color,
        visibility=visibility,
        official=draft.official,
        owner_org_id=owner,
        created_by=caller.user_id,
        latest_version=1,
        config=draft.config,
    )
    return await insert(templates, events, template, draft.version_notes)


async def insert(
    templates: Templates, events: TemplateEvents, template: Template, notes: str
) -> Template:
    """A new template and its version 1, with their events."""
    assert template.config is not None
    version = Version(template.id, 1, notes, template.config, template.created_by)
    saved = await templates.insert(template, version)
    await events.created(saved)
    await events.version_published(saved, version)
    return saved


async def get(
    templates: Templates, permissions: Permissions, caller: Caller, template_id: uuid.UUID
) -> Template:
    template = await templates.get(template_id)
    await access.require_visible(template, template_id, caller, permissions)
    assert template is not None
    return template


async def update(
    templates: Templates,
    events: TemplateEvents,
    permissions: Permissions,
    caller: Caller,
    template_id: uuid.UUID,
    changes: Changes,
) -> tuple[Template, bool]:
    """The template after `changes`, and whether they published a new version."""
    current = await templates.lock(template_id)
    await access.require_visible(current, template_id, caller, permissions)
    assert current is not None
    await access.require_editor(current, caller, permissions)
    access.require_unreviewed(current)
    fields = {k: v for k, v in changes.fields.items() if v != getattr(current, k)}
    for name in _REQUIRED:
        if name in fields and not fields[name]:
            raise InvalidArgument.of_field(name, "must not be empty", "REQUIRED")
    if "visibility" in fields:
        if current.official:
            raise InvalidArgument.of_field(
                "visibility", "official templates are public", "OFFICIAL_IS_PUBLIC"
            )
        if fields["visibility"] == PUBLIC:
            raise access.refuse_public()
    if "category" in fields:
        await check_category(templates, fields["category"])
    if "slug" in fields and await templates.slug_taken(current.owner_org_id, fields["slug"]):
        raise slug_taken(fields["slug"])
    if changes.config is not None and changes.config != current.config:
        saved = await publish_version(
            templates, events, current, fields, changes.config, changes.version_notes,
            caller.user_id,
        )  # fmt: skip
        return saved, True
    if not fields:
        return current, False
    return await templates.update(template_id, fields, None), False


async def publish_version(
    templates: Templates,
    events: TemplateEvents,
    current: Template,
    fields: dict[str, Any],
    config: Config,
    notes: str,
    by: uuid.UUID | None,
) -> Template:
    """`current` with `fields` changed and `config` as its next version."""
    check_config(config)
    version = Version(current.id, current.latest_version + 1, notes, config, by)
    saved = await templates.update(current.id, fields, version)
    await events.version_published(saved, version)
    return saved


async def delete(
    templates: Templates,
    events: TemplateEvents,
    permissions: Permissions,
    caller: Caller,
    template_id: uuid.UUID,
) -> None:
    current = await templates.lock(template_id)
    await access.require_visible(current, template_id, caller, permissions)
    assert current is not None
    await access.require_editor(current, caller, permissions)
    await templates.delete(template_id)
    await events.deleted(current, caller.user_id)


def version_not_found(template_id: uuid.UUID, number: int) -> NotFound:
    return NotFound(
        f"template {template_id} has no version {number}",
        reason="TEMPLATE_VERSION_NOT_FOUND",
        metadata={"template_id": str(template_id), "version": str(number)},
    )


async def list_versions(
    templates: Templates,
    permissions: Permissions,
    caller: Caller,
    template_id: uuid.UUID,
    page_size: int,
    page_token: str,
) -> Page[Version]:
    """Newest first, keyset on the version number."""
    await get(templates, permissions, caller, template_id)
    page = PageRequest.parse(page_size, page_token, default_size=20)
    after = page.cursor(paging.int32)
    items = await templates.versions(template_id, after[0] if after else None, page.size + 1)
    return page.result(items, key=lambda v: [v.number])


async def get_version(
    templates: Templates,
    permissions: Permissions,
    caller: Caller,
    template_id: uuid.UUID,
    number: int,
) -> Version:
    """Version `number` (0: the latest) of a template the caller sees."""
    template = await get(templates, permissions, caller, template_id)
    version = await templates.version(template_id, number or template.latest_version)
    if version is None:
        raise version_not_found(template_id, number)
    return version


@dataclass(frozen=True)
class Fork:
    template_id: uuid.UUID
    version: int  # 0: the latest
    org_id: uuid.UUID | None
    name: str
    slug: str
    visibility: str | None


async def free_slug(templates: Templates, owner: uuid.UUID, base: str) -> str:
    """`base`, or `base-2`, `base-3`… : the first the organization does not use."""
    for n in range(1, 100):
        slug = base if n == 1 else f"{base[: 64 - len(str(n)) - 1]}-{n}"
        if not await templates.slug_taken(owner, slug):
            return slug
    return f"{base[:55]}-{uuid.uuid4().hex[:8]}"


async def fork(
    templates: Templates,
    events: TemplateEvents,
    permissions: Permissions,
    caller: Caller,
    request: Fork,
) -> Template:
    """A copy of a template the caller sees, in their organization, with its origin."""
    source = await get(templates, permissions, caller, request.template_id)
    version = await templates.version(source.id, request.version or source.latest_version)
    if version is None:
        raise version_not_found(source.id, request.version)
    owner = access.organization_of(request.org_id, caller)
    await permissions.require(owner, access.SUBMIT)
    if request.slug:
        if await templates.slug_taken(owner, request.slug):
            raise slug_taken(request.slug)
        slug = request.slug
    else:
        slug = await free_slug(templates, owner, source.slug)
    template = replace(
        source,
        id=uuid.uuid4(),
        slug=slug,
        name=request.name or source.name,
        visibility=request.visibility or ORGANIZATION,
        official=False,
        owner_org_id=owner,
        created_by=caller.user_id,
        latest_version=1,
        config=version.config,
        use_count=0,
        view_count=0,
        forked_from_template_id=source.id,
        forked_from_version=version.number,
    )
    notes = f"Forked from {source.name} (version {version.number})"
    return await insert(templates, events, template, notes)

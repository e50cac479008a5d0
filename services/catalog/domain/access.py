"""Who sees and who changes a template: the rules, apart from how they are asked.

Seeing: a public template, everyone (anonymous callers too); an organization template,
whoever has `templates.view` in its organization; a private one, its creator, while they
have `templates.view` there. A template a caller may not see does not exist for them.

Changing: official templates, platform administrators only; any other, its creator with
`templates.submit` in its organization, or an admin of that organization
(`agents.manage_all`, identity's permission of admins over all of an organization's
agents and templates). Private templates are their creator's alone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from keel_runtime.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound

VIEW = "templates.view"
SUBMIT = "templates.submit"
MANAGE_ALL = "agents.manage_all"

PUBLIC, ORGANIZATION, PRIVATE = "public", "organization", "private"


@dataclass(frozen=True)
class Caller:
    """Who calls, as the request says (nothing here is verified: `Permissions` does that)."""

    user_id: uuid.UUID | None = None
    # The active organization of the caller's token (or the key's, or the one a service
    # acts for).
    org_id: uuid.UUID | None = None

    @property
    def anonymous(self) -> bool:
        return self.user_id is None and self.org_id is None


class Permissions(Protocol):
    """The caller's permissions, as identity decides them (`keel_runtime.authz`)."""

    async def require(self, org_id: uuid.UUID, permission: str) -> None:
        """Raise the error the caller gets unless they may do `permission` in `org_id`."""

    async def allowed(self, org_id: uuid.UUID, permission: str) -> bool: ...

    async def require_platform_admin(self) -> None: ...

    async def is_platform_admin(self) -> bool: ...


class Owned(Protocol):
    """What the rules need to know of a template."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def visibility(self) -> str: ...
    @property
    def official(self) -> bool: ...
    @property
    def owner_org_id(self) -> uuid.UUID | None: ...
    @property
    def created_by(self) -> uuid.UUID | None: ...


def not_found(template_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no template {template_id}",
        reason="TEMPLATE_NOT_FOUND",
        metadata={"template_id": str(template_id)},
    )


def _own(template: Owned, caller: Caller) -> bool:
    return caller.user_id is not None and template.created_by == caller.user_id


async def can_see(template: Owned, caller: Caller, permissions: Permissions) -> bool:
    if template.visibility == PUBLIC:
        return True
    if caller.anonymous or template.owner_org_id is None:
        return False
    if template.visibility == PRIVATE and not _own(template, caller):
        return False
    return await permissions.allowed(template.owner_org_id, VIEW)


async def require_visible(template: Owned | None, template_id: uuid.UUID, caller: Caller,
                          permissions: Permissions) -> None:  # fmt: skip
    if template is None or not await can_see(template, caller, permissions):
        raise not_found(template_id)


async def require_editor(template: Owned, caller: Caller, permissions: Permissions) -> None:
    """Raise unless the caller may change (or delete) `template`."""
    if template.official:
        await permissions.require_platform_admin()
        return
    assert template.owner_org_id is not None  # the database's rule: non-official → owned
    if template.visibility == PRIVATE and not _own(template, caller):
        raise not_found(template.id)
    if _own(template, caller):
        await permissions.require(template.owner_org_id, SUBMIT)
    else:
        await permissions.require(template.owner_org_id, MANAGE_ALL)


def refuse_public() -> InvalidArgument:
    return InvalidArgument(
        "public templates of an organization arrive through submission review",
        reason="PUBLIC_REQUIRES_REVIEW",
        field_violations=[FieldViolation("visibility", "public needs a reviewed submission")],
    )


def require_unreviewed(template: Owned) -> None:
    """A public template of an organization was published by a review: it changes only
    through the next approved submission of its agent (deleting it stays its owners')."""
    if template.visibility == PUBLIC and not template.official:
        raise FailedPrecondition(
            "this public template changes through a new submission of its agent",
            reason="PUBLIC_REQUIRES_REVIEW",
            metadata={"template_id": str(template.id)},
        )


def organization_of(requested: uuid.UUID | None, caller: Caller) -> uuid.UUID:
    """The organization a new template (or fork) goes into: the one asked for, else the
    caller's active one."""
    org_id = requested or caller.org_id
    if org_id is None:
        raise InvalidArgument(
            "no organization: pass org_id or switch to an organization",
            reason="ORGANIZATION_REQUIRED",
            field_violations=[FieldViolation("org_id", "required without an active organization")],
        )
    return org_id

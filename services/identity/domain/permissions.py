"""Roles, the permissions each grants, and what API-key scopes allow.

The one written table of who may do what (DESIGN.md §5). Every service asks identity
(`CheckPermission`) with one of these permission names; nothing else decides.
"""

from __future__ import annotations

import enum


class Role(enum.IntEnum):
    """keel.identity.v1.Role; the numbers are the ranks (and what the database stores)."""

    VIEWER = 1
    MEMBER = 2
    ADMIN = 3
    OWNER = 4

    @property
    def label(self) -> str:
        return self.name.lower()


# Each role has its own permissions plus those of the roles below it.
_GRANTS: dict[Role, frozenset[str]] = {
    Role.VIEWER: frozenset(
        {
            "org.view",
            "members.view",
            "agents.view",
            "templates.view",
            "conversations.view",
            "usage.view",
            "analytics.view",
            "settings.view",
        }
    ),
    Role.MEMBER: frozenset(
        {
            "agents.create",
            "agents.manage_own",
            "agents.run",
            "templates.submit",
            "conversations.reply",
            "usage.export",
            "billing.view",
        }
    ),
    Role.ADMIN: frozenset(
        {
            "org.update",
            "org.manage_children",
            "members.manage",
            "invitations.manage",
            "agents.manage_all",
            "api_keys.manage",
            "webhooks.view",
            "webhooks.manage",
            "channels.manage",
            "settings.update",
            "audit.view",
        }
    ),
    # Billing is the owners' (DESIGN.md: only owners manage billing; members may view it).
    Role.OWNER: frozenset({"org.delete", "billing.manage"}),
}


def _cumulative() -> dict[Role, frozenset[str]]:
    table: dict[Role, frozenset[str]] = {}
    granted: frozenset[str] = frozenset()
    for role in sorted(Role):
        granted = granted | _GRANTS[role]
        table[role] = granted
    return table


ROLE_PERMISSIONS: dict[Role, frozenset[str]] = _cumulative()
PERMISSIONS: frozenset[str] = ROLE_PERMISSIONS[Role.OWNER]

# What each API-key scope lets a key do. A key never does more than its scopes, and a
# user key never more than its creator may do right now.
SCOPE_PERMISSIONS: dict[str, frozenset[str]] = {
    "read:organization": frozenset({"org.view", "members.view", "settings.view"}),
    "read:agents": frozenset({"agents.view", "analytics.view"}),
    "write:agents": frozenset({"agents.create", "agents.manage_own"}),
    "execute:agents": frozenset({"agents.run"}),
    "read:templates": frozenset({"templates.view"}),
    "read:billing": frozenset({"billing.view", "usage.view"}),
    "read:conversations": frozenset({"conversations.view"}),
    "write:conversations": frozenset({"conversations.reply"}),
}
SCOPES: frozenset[str] = frozenset(SCOPE_PERMISSIONS)

# Not an organization permission: held by platform administrators (users, never keys)
# whatever the organization, for other services' admin operations (credit grants…).
PLATFORM_ADMIN = "platform.admin"


def allows(role: Role | None, permission: str) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS[role]


def scopes_allow(scopes: frozenset[str] | list[str], permission: str) -> bool:
    return any(permission in SCOPE_PERMISSIONS.get(scope, ()) for scope in scopes)


def scopes_within(scopes: list[str] | frozenset[str], role: Role) -> list[str]:
    """The scopes that would let a key do something `role` may not (empty: all fine)."""
    return [s for s in scopes if not SCOPE_PERMISSIONS[s] <= ROLE_PERMISSIONS[role]]


def can_manage(actor: Role, target: Role) -> bool:
    """Owners manage everyone; admins manage members and viewers; nobody else manages."""
    if actor is Role.OWNER:
        return True
    return actor is Role.ADMIN and target <= Role.MEMBER


def can_grant(actor: Role, role: Role) -> bool:
    """A role may be given (by invitation or role change) up to the actor's own."""
    return actor >= Role.ADMIN and role <= actor

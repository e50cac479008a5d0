"""What a Keel service may do for an organization when it works on its own behalf.

Background work (a scheduled run, an incoming message, a billing sweep) has no user to
ask identity about: the service calls as itself, for one organization
(`keel_runtime.context.acting_for`), and the callee decides by this one written rule,
without a call to identity. The workload is the caller's certificate (mTLS), so no
metadata can claim it. Permission names are identity's (services/identity/README.md);
`platform.admin` is never granted to a service.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SERVICE_GRANTS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # Runs agents for the organization: reads their agents and templates, checks usage
        # and the plan before spending credits.
        "agents": frozenset(
            {"agents.run", "agents.view", "usage.view", "billing.view", "templates.view"}
        ),
        # Answers conversations on a channel, which may start an agent run.
        "messaging": frozenset(
            {"conversations.view", "conversations.reply", "agents.run", "agents.view"}
        ),
        # Reads the organization it bills.
        "billing": frozenset({"org.view"}),
        # Nothing yet: identity acts for no organization, catalog's templates are global.
        "identity": frozenset(),
        "catalog": frozenset(),
    }
)


def granted(service: str, permission: str) -> bool:
    """Whether `service`, working for an organization on its own behalf, may do
    `permission` there (an unknown service may do nothing)."""
    return permission in SERVICE_GRANTS.get(service, frozenset())

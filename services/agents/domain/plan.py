"""What the organization's plan allows, as billing decides it (the ports; `data.billing`
talks to billing).

Agents count against the plan's agent limit: checked before a create (billing's refusal,
ORG_AGENT_LIMIT_EXCEEDED, reaches the caller as it is), recorded after (+1 on create, -1
on delete), once per agent whatever the retries (the idempotency key is the agent's).
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol


class AgentLimit(Protocol):
    async def check(self, org_id: uuid.UUID) -> None:
        """Raise billing's error unless the organization may have one agent more."""

    async def record(self, org_id: uuid.UUID, delta: int, idempotency_key: str) -> None:
        """Add `delta` agents to billing's count, once per key."""


class ModelPolicy(Protocol):
    """Whether the plan lets the organization use a config's model.

    The seam for billing's CheckAIAccess (the plan's quality levels and models): until it
    is wired in, every model the contract accepts is allowed (`AnyModel`); runs will be
    checked against the plan when they start in any case.
    """

    async def check(self, org_id: uuid.UUID, model: dict[str, Any]) -> None: ...


class AnyModel:
    async def check(self, org_id: uuid.UUID, model: dict[str, Any]) -> None:
        return None


def created_key(agent_id: uuid.UUID) -> str:
    return f"agent:{agent_id}:created"


def deleted_key(agent_id: uuid.UUID) -> str:
    return f"agent:{agent_id}:deleted"

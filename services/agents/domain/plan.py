"""What the organization's plan allows, as billing decides it (the ports; `data.billing`
talks to billing).

Models: a config's model (a quality level, or a model by name) must be one the plan's
agent runs include (billing's CheckAIAccess for CAPABILITY_AGENT_RUN); it is checked on
every config a create, update or rollback makes current.

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
    """Whether the plan lets the organization configure an agent with a model.

    `model` is a config's `model`: `{"quality": "MODEL_QUALITY_…"}` or `{"name": "…"}`.
    Raise the error the caller gets (FAILED_PRECONDITION with billing's reason) when the
    plan does not include it (`data.billing.BillingModelPolicy`: CheckAIAccess).
    """

    async def check(self, org_id: uuid.UUID, model: dict[str, Any]) -> None: ...

    async def best_quality(self, org_id: uuid.UUID, wanted: str) -> str | None:
        """`wanted` (MODEL_QUALITY_…) if the plan's agent runs have it, else the highest
        level below it that they have; None when they have none of those."""


def created_key(agent_id: uuid.UUID) -> str:
    return f"agent:{agent_id}:created"


def deleted_key(agent_id: uuid.UUID) -> str:
    return f"agent:{agent_id}:deleted"

"""agents's events, written to its outbox in the transaction of the change (the domain's
`AgentEvents`); payloads are keel.agents.v1 events.proto messages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from google.protobuf.message import Message

from keel.agents.v1 import agents_pb2, events_pb2
from keel_runtime import db, events
from services.agents.domain.access import Caller
from services.agents.domain.agents import Agent

SOURCE = "agents"
CREATED = "agent.created"
UPDATED = "agent.updated"
DELETED = "agent.deleted"
CREDITS_EXHAUSTED = "organization.credits_exhausted"

VISIBILITY = {
    "private": agents_pb2.VISIBILITY_PRIVATE,
    "organization": agents_pb2.VISIBILITY_ORGANIZATION,
    "public": agents_pb2.VISIBILITY_PUBLIC,
}


def _who(caller: Caller) -> str:
    """The user who acted, else the service key."""
    return str(caller.user_id or caller.api_key_id or "")


class OutboxEvents:
    async def created(self, agent: Agent) -> None:
        payload = events_pb2.AgentCreated(
            agent_id=str(agent.id),
            org_id=str(agent.org_id),
            name=agent.name,
            visibility=VISIBILITY[agent.visibility],
            created_by=str(agent.created_by or agent.created_by_api_key or ""),
            version=agent.latest_version,
        )
        if agent.template_id is not None:
            payload.from_template.template_id = str(agent.template_id)
            payload.from_template.version = agent.template_version or 0
        await self._publish(CREATED, payload, agent)

    async def updated(
        self, agent: Agent, changed: list[str], version_created: bool, by: Caller
    ) -> None:
        payload = events_pb2.AgentUpdated(
            agent_id=str(agent.id),
            org_id=str(agent.org_id),
            changed_fields=changed,
            latest_version=agent.latest_version,
            version_created=version_created,
            visibility=VISIBILITY[agent.visibility],
            updated_by=_who(by),
        )
        await self._publish(UPDATED, payload, agent)

    async def deleted(self, agent: Agent, by: Caller) -> None:
        payload = events_pb2.AgentDeleted(
            agent_id=str(agent.id), org_id=str(agent.org_id), deleted_by=_who(by)
        )
        await self._publish(DELETED, payload, agent)

    async def _publish(self, type: str, payload: Message, agent: Agent) -> None:
        await events.publish(
            db.session(), source=SOURCE, type=type, payload=payload, org_id=str(agent.org_id)
        )


_NOTICE = sa.text("""INSERT INTO credit_exhaustion_notices (org_id, period) VALUES (:org, :period)
ON CONFLICT DO NOTHING RETURNING org_id""")


class CreditNotices:
    """The domain's `CreditNotices`: organization.credits_exhausted, once per organization
    and month, in a transaction of its own (the refused start writes nothing)."""

    async def exhausted(self, org_id: uuid.UUID, agent_id: uuid.UUID, message: str) -> None:
        period = datetime.now(UTC).strftime("%Y-%m")
        async with db.transaction() as session:
            first = await session.execute(_NOTICE, {"org": org_id, "period": period})
            if first.first() is None:
                return
            payload = events_pb2.OrganizationCreditsExhausted(
                org_id=str(org_id), period=period, agent_id=str(agent_id), message=message
            )
            await events.publish(
                session, source=SOURCE, type=CREDITS_EXHAUSTED, payload=payload,
                org_id=str(org_id),
            )  # fmt: skip

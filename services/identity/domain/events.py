"""identity's events: published through the outbox, and what they do to cached facts.

Every identity event marks a change authorization may depend on (a membership, a role,
a suspension, an ended session, a revoked key, a deleted organization). So `emit()`
publishes the event and, once the transaction commits, drops this process's authorization
caches; every other process, identity's replicas and the other services alike, drops its
own when the event arrives on identity's stream (`keel_runtime.authz.CHANGES`, followed
by the runtime).
"""

from __future__ import annotations

from google.protobuf.message import Message

from keel_runtime import authz, db, events

SOURCE = "identity"


async def emit(type: str, payload: Message, *, org_id: str = "") -> None:
    """Publish `type` in the current unit of work; caches drop when it commits."""
    session = db.session()
    await events.publish(session, source=SOURCE, type=type, payload=payload, org_id=org_id)
    db.after_commit(session, authz.CHANGES.drop)

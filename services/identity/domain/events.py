"""identity's events: published through the outbox, and what they do to cached facts.

Most identity events mark a change authorization may depend on (a membership, a role,
a suspension, an ended session, a revoked key, a deleted organization). So `emit()`
publishes the event and, once the transaction commits, drops from this process's
authorization caches what it changed (`keel_runtime.authz_changes`: the answers about the
user, session or key it names); every other process, identity's replicas and the other
services alike, drops the same from its own when the event arrives on identity's stream
(`keel_runtime.authz.CHANGES`, followed by the runtime).
"""

from __future__ import annotations

import functools

from google.protobuf.message import Message

from keel_runtime import authz, authz_changes, db, events

SOURCE = "identity"


async def emit(type: str, payload: Message, *, org_id: str = "") -> None:
    """Publish `type` in the current unit of work; what it changed drops from the caches
    when it commits."""
    session = db.session()
    await events.publish(session, source=SOURCE, type=type, payload=payload, org_id=org_id)
    change = authz_changes.change_of(type, payload)
    db.after_commit(session, functools.partial(authz.CHANGES.drop, change))

"""The audit log: who changed what, when, with the state before and after. Append-only."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert

from keel_runtime import db
from services.identity.data.models import AuditEventRow
from services.identity.domain.access import Caller


async def record(
    caller: Caller,
    *,
    action: str,
    target_type: str,
    target_id: str | uuid.UUID,
    org_id: uuid.UUID | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add one audit record in the current unit of work (it commits with the change)."""
    await db.session().execute(
        insert(AuditEventRow).values(
            org_id=org_id,
            actor_user_id=caller.user_id,
            actor_api_key_id=caller.api_key_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            before=before,
            after=after,
            request_id=caller.request_id or None,
        )
    )

"""What time does to the ledger, every few seconds in every replica: holds past their
expiry are released (their credits come back, even when the process that reserved them
died), buckets past their expiry expire, and periods Stripe does not renew start anew
(not those of an organization identity deleted: `accounts.renew_due`).
Every step is safe to run twice and in several replicas at once. A pass takes at most
`BATCH` holds, the organizations' in turn: one organization's flood of expiring holds takes
its turns and delays no other organization's releases."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime

from opentelemetry.instrumentation.utils import suppress_instrumentation

from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.billing.config import BillingConfig
from services.billing.data.ledger import LedgerStore
from services.billing.domain import accounts
from services.billing.domain.ledger import Expire, ExpireBuckets, Ledger, Op

log = logging.getLogger("keel.billing.sweeper")
BATCH = 500


async def sweep_once(database: Database, ledger: Ledger, config: BillingConfig) -> int:
    """One pass; returns how many things it changed or looked at."""
    now = datetime.now(UTC)
    async with database.unit_of_work() as session:
        store = LedgerStore(session)
        due = await store.due_reservations(now, BATCH)
        expired_buckets = await store.orgs_with_expired_buckets(now, BATCH)
    # In the order found: the organizations' holds in turn (LedgerStore.due_reservations).
    ops: list[tuple[uuid.UUID, Op]] = [(row.org_id, Expire("", row.id)) for row in due]
    ops += [(org_id, ExpireBuckets("")) for org_id in expired_buckets]
    submitted = [ledger.submit(org_id, op) for org_id, op in ops]
    for outcome in await asyncio.gather(*submitted, return_exceptions=True):
        if isinstance(outcome, Exception) and not isinstance(outcome, KeelError):
            log.warning("sweeping the ledger failed: %s", outcome)
    renewed = await accounts.renew_due(database, config, now)
    return len(submitted) + renewed


async def run(database: Database, ledger: Ledger, config: BillingConfig) -> None:
    while True:
        try:
            # Housekeeping, not a request: not traced (each change still is in the ledger).
            with suppress_instrumentation():
                await sweep_once(database, ledger, config)
        except Exception as exc:  # the database is away: try again next time
            log.warning("ledger sweep failed: %s", exc)
        await asyncio.sleep(config.sweep_seconds)

"""billing's reads run without a transaction block; the first read of an organization whose
account is not open yet opens it in a transaction of its own."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from keel_runtime import db
from keel_runtime.db import Database, ReadOnlyViolation
from services.billing.config import BillingConfig
from services.billing.domain import accounts, ledger


async def test_a_read_opens_a_missing_account_in_its_own_transaction(
    billing_env: dict[str, str], billing_db: Database
):
    # Only the settings are read here: nothing is served, so no certificates are needed.
    config = BillingConfig.from_env("billing", {**billing_env, "KEEL_MTLS": "off"})
    org_id = uuid.uuid4()  # no account yet: identity's event has not arrived
    async with billing_db.scope(read_only=True):
        subscription = await accounts.ensure_account(db.session(), config, org_id)
        balance = await ledger.balance(db.session(), org_id)  # the read sees it at once
    assert subscription.plan_tier == "free"
    # The month's allocation alone: the welcome bonus is its creator's, on identity's events.
    assert balance.balance == balance.monthly_allocation
    async with billing_db.scope(read_only=True):  # opened once: now only read
        again = await accounts.ensure_account(db.session(), config, org_id)
    assert again == subscription


async def test_a_write_in_a_read_only_scope_is_refused(billing_db: Database):
    with pytest.raises(ReadOnlyViolation):
        async with billing_db.scope(read_only=True):
            await db.session().execute(sa.text("DELETE FROM subscriptions WHERE false"))

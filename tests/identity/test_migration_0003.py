"""Migration 0003 on a database made at revision 0002: invitations left behind by senders
who lost the right to send them (offboarded before removals revoked them) are revoked and
audited, every other one is kept; the plan tier's time column comes and goes."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from pathlib import Path

from alembic import command as alembic_command

from keel_runtime import migrations
from tests.identity.support import ADMIN, MEMBER, OWNER, VIEWER, Seed, scalar
from tests.support.databases import connect

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/identity/data/migrations"


async def invitation(seed: Seed, org_id: uuid.UUID, by: uuid.UUID, role: int, days: int) -> str:
    """A pending invitation sent by `by`, expiring in `days` (negative: past); its id."""
    invitation_id = uuid.uuid4()
    await seed.sql(
        "INSERT INTO invitations (id, org_id, email, email_normalized, role, token_hash,"
        " invited_by, expires_at) VALUES (:id, :o, :e, :e, :r, :h, :by,"
        " now() + make_interval(days => :days))",
        id=invitation_id,
        o=org_id,
        e=f"{invitation_id}@example.com",
        r=role,
        h=secrets.token_bytes(32),
        by=by,
        days=days,
    )
    return str(invitation_id)


async def test_invitations_of_senders_without_the_right_are_revoked(postgres) -> None:
    name = f"identity_0003_{uuid.uuid4().hex[:8]}"
    postgres.psql(f"CREATE DATABASE {name} OWNER keel_identity;")
    url = f"postgresql+asyncpg://keel_identity:keel_identity@127.0.0.1:{postgres.port}/{name}"
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url, "0002")
    async with connect(url) as old:
        seed = Seed(old)
        agency = await seed.org(name="Agency")
        client = await seed.org(name="Client", parent=agency)
        owner, admin, demoted, gone = [await seed.user() for _ in range(4)]
        await seed.member(agency, owner, OWNER)
        await seed.member(agency, admin, ADMIN)
        await seed.member(agency, demoted, MEMBER)
        kept = [
            await invitation(seed, agency, owner, OWNER, 7),
            await invitation(seed, agency, admin, ADMIN, 7),
            # The agency's admin invites to its client by inheritance.
            await invitation(seed, client, admin, MEMBER, 7),
        ]
        revoked = [
            await invitation(seed, agency, gone, MEMBER, 7),  # left or was removed
            await invitation(seed, client, gone, MEMBER, 7),
            await invitation(seed, agency, demoted, VIEWER, 7),  # a member sends none
        ]
        expired = await invitation(seed, agency, gone, MEMBER, -1)

    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
    async with connect(url) as database:
        rows = await Seed(database).sql("SELECT id::text, status FROM invitations")
        statuses = dict(rows)
        assert {i: statuses[i] for i in kept} == dict.fromkeys(kept, "pending")
        assert {i: statuses[i] for i in revoked} == dict.fromkeys(revoked, "revoked")
        assert statuses[expired] == "pending"  # reported expired already, and left so
        audited = await Seed(database).sql(
            "SELECT target_id, org_id, after FROM audit_events WHERE action = 'invitation.revoked'"
        )
        assert sorted((t, o) for t, o, _ in audited) == sorted(
            zip(revoked, [agency, client, agency], strict=True)
        )
        assert {a["reason"] for _, _, a in audited} == {"sender_lost_access"}
        column = (
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_name = 'organizations' AND column_name = :c"
        )
        assert await scalar(database, column, c="plan_tier_as_of") == 1

    config = migrations.alembic_config(MIGRATIONS, url)
    await asyncio.to_thread(alembic_command.downgrade, config, "0002")
    async with connect(url) as database:
        assert await scalar(database, column, c="plan_tier_as_of") == 0

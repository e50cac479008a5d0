"""Ended and expired sessions do not pile up: purged with their refresh tokens after the
retention, while live sessions (and the used tokens that catch a reuse) stay."""

from __future__ import annotations

import uuid

from keel_runtime.db import Database
from services.identity.config import IdentityConfig
from services.identity.deps import Deps
from services.identity.domain.auth import purge_sessions
from tests.identity.support import Seed, scalar


async def _session(seed: Seed, user: uuid.UUID, *, over_days_ago: int | None) -> uuid.UUID:
    """A session with one used refresh token; ended `over_days_ago` (None: live)."""
    session_id = uuid.uuid4()
    await seed.sql(
        "INSERT INTO sessions (id, user_id, expires_at, ended_at) VALUES (:id, :u,"
        " now() + interval '20 days',"
        " CASE WHEN CAST(:ago AS int) IS NULL THEN NULL"
        " ELSE now() - make_interval(days => CAST(:ago AS int)) END)",
        id=session_id,
        u=user,
        ago=over_days_ago,
    )
    await seed.sql(
        "INSERT INTO refresh_tokens (token_hash, session_id, used_at) VALUES (:h, :s, now())",
        h=uuid.uuid4().bytes,
        s=session_id,
    )
    return session_id


async def test_sessions_over_longer_than_the_retention_go_with_their_tokens(
    identity_env, identity_db: Database, seed: Seed
):
    user = await seed.user()
    live = await _session(seed, user, over_days_ago=None)
    recent = await _session(seed, user, over_days_ago=1)
    await _session(seed, user, over_days_ago=30)
    expired = uuid.uuid4()
    await seed.sql(
        "INSERT INTO sessions (id, user_id, expires_at)"
        " VALUES (:id, :u, now() - interval '9 days')",
        id=expired,
        u=user,
    )
    deps = Deps.build(IdentityConfig.from_env("identity", identity_env), identity_db, None)  # type: ignore[arg-type]

    assert await purge_sessions(deps) >= 2
    remaining = {
        row[0] for row in await seed.sql("SELECT id FROM sessions WHERE user_id = :u", u=user)
    }
    assert remaining == {live, recent}
    orphans = await scalar(
        identity_db,
        "SELECT count(*) FROM refresh_tokens WHERE session_id NOT IN (SELECT id FROM sessions)",
    )
    assert orphans == 0
    assert await purge_sessions(deps) == 0  # idempotent: nothing left to purge

"""Signing keys: created once, rotated without a single refused token, published as long as
the tokens they signed live.

The rotation runs the way an operator runs it (`rotate_signing_key`, what
`python -m services.identity rotate-signing-key` calls) against a real identity process
behind the real gateway, with a publish delay of seconds instead of minutes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from keel_runtime.db import Database
from services.identity.config import IdentityConfig
from services.identity.domain.signing import PUBLISH_GRACE_SECONDS, KeyRing, rotate_signing_key
from services.identity.security import Secrets
from tests.identity.people import PASSWORD, People
from tests.identity.support import sql

PUBLISH_SECONDS = 4


@pytest.fixture(scope="module")
def identity_env(identity_env: dict[str, str]) -> dict[str, str]:
    # Longer than the key ring's reload (1 s here) plus the test gateway's JWKS cache (2 s).
    return {**identity_env, "KEEL_IDENTITY_KEY_PUBLISH_SECONDS": str(PUBLISH_SECONDS)}


def config_of(env: dict[str, str]) -> IdentityConfig:
    return IdentityConfig.from_env("identity", env)


@pytest.fixture
async def fresh_database(
    new_database: Callable[[str], str], identity_env: dict[str, str]
) -> AsyncIterator[tuple[str, IdentityConfig]]:
    """An empty identity database (no key yet) and the config to reach it."""
    url = new_database("identity")
    yield url, config_of({**identity_env, "KEEL_IDENTITY_DATABASE_URL": url})


def ring(database: Database, config: IdentityConfig) -> KeyRing:
    return KeyRing(database, Secrets(config.secret, password_memory_kib=8192), config)


def kid_of(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


def expected_kid(token: str, activates_at: datetime, old_kid: str, new_kid: str) -> str | None:
    """The key that must have signed `token` by its `iat` (whole seconds: None when it was
    issued within the second the new key took over)."""
    issued = datetime.fromtimestamp(
        jwt.decode(token, options={"verify_signature": False})["iat"], UTC
    )
    if issued + timedelta(seconds=1) <= activates_at:
        return old_kid
    return new_kid if issued >= activates_at else None


async def published_kids(http: httpx.AsyncClient) -> list[str]:
    response = await http.get("/.well-known/jwks.json")
    assert response.status_code == 200, response.text
    return [key["kid"] for key in response.json()["keys"]]


async def login_token(http: httpx.AsyncClient, email: str) -> str:
    response = await http.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["tokens"]["access_token"])


# --- the key ring, on its own database ------------------------------------------------------


async def test_the_first_key_is_created_once_across_replicas(fresh_database) -> None:
    url, config = fresh_database
    replicas = [Database(url, pool_size=2) for _ in range(3)]
    try:
        keys = await asyncio.gather(*(ring(db, config).signing_key() for db in replicas))
        assert len({key.kid for key in keys}) == 1
        assert len(await sql(replicas[0], "SELECT kid FROM signing_keys")) == 1
    finally:
        for database in replicas:
            await database.close()


async def test_keys_are_stored_encrypted_and_leave_the_jwks_once_their_tokens_expired(
    fresh_database,
) -> None:
    url, config = fresh_database
    database = Database(url, pool_size=2)
    try:
        first = await ring(database, config).signing_key()
        (stored,) = await sql(database, "SELECT private_key, public_jwk FROM signing_keys")
        assert b"PRIVATE" not in stored.private_key and "d" not in stored.public_jwk

        second = await rotate_signing_key(database, config)
        assert [k["kid"] for k in await ring(database, config).jwks()] == [first.kid, second]

        # The last token the first key signed expired (plus the clock-skew grace) a moment ago.
        lifetime = timedelta(seconds=config.access_token_seconds + PUBLISH_GRACE_SECONDS + 1)
        await sql(
            database,
            "UPDATE signing_keys SET retired_at = :at WHERE kid = :kid",
            at=datetime.now(UTC) - lifetime,
            kid=first.kid,
        )
        assert [k["kid"] for k in await ring(database, config).jwks()] == [second]
    finally:
        await database.close()


async def test_a_rotation_without_any_key_signs_at_once(fresh_database) -> None:
    url, config = fresh_database
    database = Database(url, pool_size=2)
    try:
        kid = await rotate_signing_key(database, config)
        assert (await ring(database, config).signing_key()).kid == kid
    finally:
        await database.close()


# --- a rotation as the gateway and clients see it -------------------------------------------


async def test_rotation_publishes_first_signs_later_and_refuses_no_token(
    http, people: People, identity_env
) -> None:
    ann = await people.signup("ann")
    old_token = ann.access_token
    (old_kid,) = await published_kids(http)
    assert kid_of(old_token) == old_kid

    database = Database(identity_env["KEEL_IDENTITY_DATABASE_URL"], pool_size=2)
    try:
        new_kid = await rotate_signing_key(database, config_of(identity_env))
        keys = {
            row.kid: row
            for row in await sql(database, "SELECT kid, activates_at, retired_at FROM signing_keys")
        }
    finally:
        await database.close()
    activates_at = keys[new_kid].activates_at
    assert keys[old_kid].retired_at == activates_at  # the old key signs until then

    # Published at once (within the key ring's reload): before it signs anything.
    deadline = time.monotonic() + PUBLISH_SECONDS + 10
    while new_kid not in await published_kids(http):
        assert time.monotonic() < deadline, "the new key was not published"
        await asyncio.sleep(0.2)
    assert sorted(await published_kids(http)) == sorted([old_kid, new_kid])

    # Every token carries the key its time of issue says (the old one before activates_at,
    # the new one from then), and the gateway takes each: however slow the machine, no
    # token is signed by a key the gateway does not know yet.
    deadline = time.monotonic() + PUBLISH_SECONDS + 10
    while True:
        token = await login_token(http, ann.email)
        assert expected_kid(token, activates_at, old_kid, new_kid) in (None, kid_of(token))
        headers = {"authorization": f"Bearer {token}"}
        assert (await http.get("/v1/auth/context", headers=headers)).status_code == 200
        if kid_of(token) == new_kid:
            break
        assert time.monotonic() < deadline, "the new key never signed"
        await asyncio.sleep(0.3)

    # Tokens signed before the rotation still pass: the old key stays published.
    assert old_kid in await published_kids(http)
    headers = {"authorization": f"Bearer {old_token}"}
    assert (await http.get("/v1/auth/context", headers=headers)).status_code == 200

"""The authorization cache stays useful under a flood of lookups a caller controls.

Random `Bearer osk_…` secrets or random organization ids cost the caller nothing; they
must not empty the cache the real callers are answered from. Counted with a fake of the
data layer: every read it serves is one a real replica would send to PostgreSQL.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid
from collections import Counter
from types import SimpleNamespace

import pytest

from keel_runtime.cache import FactCache
from keel_runtime.errors import Unauthenticated
from services.identity.domain import api_keys
from services.identity.domain.access import (
    Access,
    Caller,
    KeyKind,
    KeyState,
    OrgRole,
    UserState,
)
from services.identity.domain.permissions import Role

CAPACITY = 50


class CountingFacts:
    """One organization with one member and one service key; counts every read."""

    def __init__(self) -> None:
        self.reads: Counter[str] = Counter()
        self.org = uuid.uuid4()
        self.member = uuid.uuid4()
        self.key = KeyState(
            id="opk_known",
            org_id=self.org,
            kind=KeyKind.SERVICE,
            created_by=self.member,
            scopes=frozenset({"read:agents"}),
            revoked=False,
            expires_at=None,
        )
        self.secret = "osk_known"

    async def user(self, user_id: uuid.UUID) -> UserState | None:
        self.reads["user"] += 1
        return UserState(user_id, False, False) if user_id == self.member else None

    async def session_live(self, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        self.reads["session"] += 1
        return True

    async def org_role(self, user_id: uuid.UUID, org_id: uuid.UUID) -> OrgRole:
        self.reads["role"] += 1
        known = user_id == self.member and org_id == self.org
        return OrgRole(Role.MEMBER if known else None)

    async def api_key(self, key_id: str) -> KeyState | None:
        self.reads["key"] += 1
        return self.key if key_id == self.key.id else None

    async def org_alive(self, org_id: uuid.UUID) -> bool:
        self.reads["org"] += 1
        return org_id == self.org

    # ApiKeys.id_by_hash
    async def id_by_hash(self, secret_hash: bytes) -> str | None:
        self.reads["keyhash"] += 1
        return self.key.id if secret_hash == _hash(self.secret) else None


def _hash(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


@pytest.fixture
def facts() -> CountingFacts:
    return CountingFacts()


@pytest.fixture
def deps(facts: CountingFacts) -> SimpleNamespace:
    access = Access(FactCache(60, max_entries=CAPACITY), FactCache(60, max_entries=CAPACITY))
    return SimpleNamespace(access=access, facts=facts, secrets=SimpleNamespace(api_key_hash=_hash))


async def test_a_flood_of_unknown_keys_leaves_cached_decisions_alone(deps, facts):
    member = Caller(user_id=facts.member, session_id=uuid.uuid4())
    assert (await deps.access.check(facts, member, facts.org, "agents.run")).allowed
    grant = await api_keys.authenticate(deps, facts, f"Bearer {facts.secret}")
    assert grant.key_id == facts.key.id
    warm = facts.reads.copy()

    for _ in range(CAPACITY * 20):
        with pytest.raises(Unauthenticated):
            await api_keys.authenticate(deps, facts, f"Bearer osk_{secrets.token_urlsafe(24)}")

    # Misses are not kept: nothing of the flood is cached, nothing was pushed out.
    assert len(deps.access.key_ids) == 1
    assert facts.reads - warm == Counter(keyhash=CAPACITY * 20)
    before = facts.reads.copy()
    assert (await deps.access.check(facts, member, facts.org, "agents.run")).allowed
    assert (await api_keys.authenticate(deps, facts, f"Bearer {facts.secret}")).key_id
    assert facts.reads == before  # answered from the cache: no database read


async def test_a_flood_of_unknown_organizations_evicts_the_least_recently_used(deps, facts):
    member = Caller(user_id=facts.member, session_id=uuid.uuid4())
    assert (await deps.access.check(facts, member, facts.org, "agents.run")).allowed
    warm = facts.reads.copy()
    for i in range(CAPACITY * 20):
        stranger_org = uuid.uuid4()
        decision = await deps.access.check(facts, member, stranger_org, "agents.run")
        assert not decision.allowed
        if i % (CAPACITY // 5) == 0:  # the real member keeps calling meanwhile
            assert (await deps.access.check(facts, member, facts.org, "agents.run")).allowed
    assert len(deps.access.cache) <= CAPACITY
    assert ("role", facts.member, facts.org) in deps.access.cache
    # Only the flood itself was read; the member's facts were never loaded again.
    assert facts.reads - warm == Counter(role=CAPACITY * 20)


async def test_the_least_recently_used_entry_goes_first():
    cache = FactCache(60, max_entries=3)
    loads: list[str] = []

    async def load(name: str) -> str:
        loads.append(name)
        return name

    for name in ("a", "b", "c"):
        await cache.get((name,), functools.partial(load, name))
    await cache.get(("a",), lambda: load("a"))  # a is used again: b is now the oldest
    await cache.get(("d",), lambda: load("d"))
    assert ("b",) not in cache
    assert all((name,) in cache for name in ("a", "c", "d"))
    assert loads == ["a", "b", "c", "d"]

"""An identity event drops only the cached answers it concerns (`keel_runtime.authz_changes`):
a sign-up's verification e-mail, or a change of another user, leaves every service's kept
answers alone; a change of the caller drops theirs (and API keys' answers, which act for
their creators); an event that cannot be read drops everything."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import redis.asyncio as redis
from google.protobuf.message import Message
from opentelemetry.trace import SpanKind

from keel.events.v1 import events_pb2 as envelope_pb2
from keel.identity.v1 import auth_pb2, auth_pb2_grpc, events_pb2
from keel_runtime import context as request_context
from keel_runtime.authz import CHANGES, Authorizer
from keel_runtime.authz_changes import change_of, concerns_answer
from keel_runtime.cache import Change, FactCache
from keel_runtime.events import stream_name
from services.identity.app import SPEC
from tests.identity.people import PASSWORD, unique_email
from tests.support import channels
from tests.support.inprocess import running

MEMBER = 2


@pytest.fixture(scope="module")
async def identity_address(identity_env) -> AsyncIterator[str]:
    async with running(SPEC, identity_env) as address:
        yield address


async def _until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


async def _relay(client: redis.Redis, type: str, payload: Message) -> str:
    """Put an identity event on identity's stream, as its outbox relay does; its entry id."""
    envelope = envelope_pb2.Event(id=str(uuid.uuid4()), type=type, source="identity")
    envelope.payload.Pack(payload)
    fields = {"id": envelope.id, "type": type, "envelope": envelope.SerializeToString()}
    entry = await client.xadd(stream_name("identity"), fields)  # type: ignore[arg-type]
    return entry.decode() if isinstance(entry, bytes) else str(entry)


async def test_only_the_answers_an_event_concerns_are_dropped(
    identity_address, seed, redis_server, spans
):
    user, other, org = await seed.user(), await seed.user(), await seed.org()
    await seed.member(org, user, MEMBER)
    await seed.member(org, other, MEMBER)
    authz = Authorizer(target=identity_address)
    client = redis.Redis.from_url(redis_server.url)
    follower = asyncio.create_task(CHANGES.follow(client))
    sessions = {u: str(await seed.session(u)) for u in (user, other)}

    def identity_calls() -> int:
        served = [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]
        return sum("AuthorizationService" in s.name for s in served)

    async def ask(who: uuid.UUID) -> bool:
        caller = request_context.RequestContext(user_id=str(who), session_id=sessions[who])
        token = request_context.bind(caller)
        try:
            return (await authz.allowed([(str(org), "agents.run")]))[0]
        finally:
            request_context.unbind(token)

    async def applied(change: Awaitable[str]) -> None:
        position = await change
        assert await _until(lambda: CHANGES.position == position)

    try:
        assert await _until(lambda: CHANGES.live)
        assert await ask(user) and await ask(other)
        asked = identity_calls()

        # A new account's verification e-mail (a real sign-up, a real relay) and its
        # verification change no permission: both answers are still kept.
        async with channels.channel(identity_address, workload="gateway") as channel:
            signed_up = await auth_pb2_grpc.AuthServiceStub(channel).Signup(
                auth_pb2.SignupRequest(
                    email=unique_email("newcomer"), password=PASSWORD, display_name="N"
                )
            )
        before = CHANGES.position
        assert await _until(lambda: CHANGES.position != before)
        await applied(
            _relay(
                client, "user.email_verified", events_pb2.EmailVerified(user_id=signed_up.user.id)
            )
        )
        # Another user's removal leaves this user's answer alone.
        removed = events_pb2.MemberRemoved(org_id=str(org), user_id=str(other))
        await applied(_relay(client, "member.removed", removed))
        assert await ask(user)
        assert identity_calls() == asked

        # A change of the user drops their answer: asked again.
        changed = events_pb2.MemberRoleChanged(org_id=str(org), user_id=str(user))
        await applied(_relay(client, "member.role_changed", changed))
        assert await ask(user)
        assert identity_calls() == asked + 1
        # An event of a type the table does not know drops everything.
        await applied(_relay(client, "identity.something_new", events_pb2.EmailVerified()))
        assert await ask(user)
        assert identity_calls() == asked + 2
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
        await client.aclose()


async def test_a_users_change_drops_api_keys_answers_too():
    """A user key acts for its creator, whom its cached answers do not name."""
    cache = FactCache(60)
    user, other, key = str(uuid.uuid4()), str(uuid.uuid4()), "opk_1"
    entries = {
        "user": (user, "s1", "", "org", "agents.run"),
        "other": (other, "s2", "", "org", "agents.run"),
        "key": ("", "", key, "org", "agents.run"),
    }
    for key_of in entries.values():
        cache.put(key_of, "allowed")
    suspended = change_of("user.suspended", events_pb2.UserSuspended(user_id=user))
    cache.drop(lambda k: concerns_answer(suspended, k))
    assert [name for name, k in entries.items() if k in cache] == ["other"]
    # A session's end concerns its session only, a revoked key only that key.
    ended = change_of("session.ended", events_pb2.SessionEnded(user_id=other, session_id="s2"))
    assert ended == Change(frozenset({"s2"}))
    assert change_of("invitation.created", events_pb2.InvitationCreated()) == Change()


async def test_a_value_loaded_across_a_drop_of_its_key_is_not_kept():
    cache = FactCache(60)

    async def load_while(dropping: str) -> str:
        cache.drop(lambda key: key[0] == dropping)  # the change commits meanwhile
        return "loaded"

    assert await cache.get(("a",), lambda: load_while("a")) == "loaded"
    assert ("a",) not in cache
    # A drop of another key does not stop it.
    assert await cache.get(("b",), lambda: load_while("z")) == "loaded"
    assert ("b",) in cache

"""A change another process has seen is never undone by a replica that has not (the "new
enemy" problem; Zanzibar's zookie).

Two real identity processes share one database: replica A (the module's `identity`) and
replica B, whose Redis connections go through a proxy in this test that can stop
forwarding bytes, so B's change feed stalls at a known position with its caches full, as
on a network partition between B and Redis. The caller is `keel_runtime.authz` in this
process, following identity's stream directly and asking only B.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio as redis

from deploy.embedded.redis import EmbeddedRedis
from keel.identity.v1 import (
    authorization_pb2,
    authorization_pb2_grpc,
    organizations_pb2,
    organizations_pb2_grpc,
)
from keel_runtime import context as request_context
from keel_runtime import tls
from keel_runtime.authz import CHANGES, Authorizer
from keel_runtime.errors import NotFound
from tests.identity.support import MEMBER, OWNER, Seed, as_user
from tests.support.channels import channel
from tests.support.processes import ServiceProcess

V = authorization_pb2.Verdict


class PausableProxy:
    """A TCP proxy to one upstream that can stop forwarding bytes, both ways, at once: the
    connections stay open and nothing arrives, as on a partition."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.flowing = asyncio.Event()
        self.flowing.set()
        self._server: asyncio.Server | None = None
        self._pumps: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"redis://127.0.0.1:{port}/0"

    async def __aenter__(self) -> PausableProxy:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self.flowing.set()
        self._server.close()
        for pump in self._pumps:
            pump.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        await self._server.wait_closed()

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            pump = asyncio.create_task(self._pump(source, sink))
            self._pumps.add(pump)
            pump.add_done_callback(self._pumps.discard)

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                await self.flowing.wait()  # paused: the bytes wait here
                sink.write(data)
                await sink.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            sink.close()


@pytest.fixture
def as_billing() -> Iterator[None]:
    """Calls this process makes present billing's certificate (with mTLS on): the caller
    here stands for billing, say."""
    before = tls.local()
    tls.use(tls.MeshTls.from_env("billing"))
    try:
        yield
    finally:
        tls.use(before)


@contextlib.asynccontextmanager
async def following_changes(redis_url: str) -> AsyncIterator[None]:
    """This process follows identity's stream, as the runtime of any service does."""
    client = redis.Redis.from_url(redis_url)
    follower = asyncio.create_task(CHANGES.follow(client))
    try:
        await _until(lambda: CHANGES.live)
        yield
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
        await client.aclose()


@contextlib.asynccontextmanager
async def replica(env: dict[str, str], log: Path) -> AsyncIterator[ServiceProcess]:
    """Another identity process; started in a thread, so the proxy (in this event loop)
    forwards its Redis traffic meanwhile."""
    process = ServiceProcess("identity", env, log)
    await asyncio.to_thread(process.start)
    try:
        yield process
    finally:
        await asyncio.to_thread(process.stop)


async def _until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    assert condition()


async def _ask(
    address: str, user: uuid.UUID, session: uuid.UUID, org: uuid.UUID, min_position: str = ""
) -> authorization_pb2.CheckPermissionResponse:
    """CheckPermission straight to one replica, as billing (only services may ask)."""
    async with channel(address, workload="billing") as chan:
        response: authorization_pb2.CheckPermissionResponse = (
            await authorization_pb2_grpc.AuthorizationServiceStub(chan).CheckPermission(
                authorization_pb2.CheckPermissionRequest(
                    principal=authorization_pb2.Principal(
                        user_id=str(user), session_id=str(session)
                    ),
                    check=authorization_pb2.PermissionCheck(
                        org_id=str(org), permission="agents.run"
                    ),
                    min_position=min_position,
                )
            )
        )
        return response


async def test_a_removal_seen_by_the_caller_is_not_undone_by_a_stale_replica(
    identity: ServiceProcess,
    identity_env: dict[str, str],
    seed: Seed,
    redis_server: EmbeddedRedis,
    tmp_path: Path,
    as_billing: None,
) -> None:
    org, owner = await seed.org_with(OWNER)
    owner_session = await seed.session(owner)
    member = await seed.user()
    await seed.member(org, member, MEMBER)
    session = await seed.session(member)
    checks = [(str(org), "agents.run"), (str(org), "agents.view")]

    async with PausableProxy(redis_server.host, redis_server.port) as proxy:
        env = {
            **identity_env,
            "KEEL_REDIS_URL": proxy.url,
            "KEEL_AUTHZ_CACHE_SECONDS": "60",
            # B relays no outbox rows after its start: a row it took while paused would
            # hold A's event back from the stream.
            "KEEL_OUTBOX_POLL_SECONDS": "3600",
        }
        async with (
            following_changes(redis_server.url),
            replica(env, tmp_path / "identity-b.log") as replica_b,
        ):
            # B follows the stream as far as this process does (it answers at that position).
            positions: list[str] = []

            async def b_caught_up() -> bool:
                positions.append((await _ask(replica_b.address, member, session, org)).position)
                return positions[-1] == CHANGES.position

            for _ in range(250):
                if await b_caught_up():
                    break
                await asyncio.sleep(0.02)
            assert positions[-1] == CHANGES.position != "", positions[-5:]
            before = CHANGES.position

            # Allowed: kept here, and B holds the facts behind it in its own cache.
            caller = Authorizer(target=replica_b.address)  # asks only B
            token = request_context.bind(
                request_context.RequestContext(user_id=str(member), session_id=str(session))
            )
            try:
                assert await caller.require(str(org), "agents.run") == MEMBER
                assert await caller.allowed(checks) == [True, True]
                assert len(caller.answers) == 2

                proxy.flowing.clear()  # B's feed stalls: the removal's event never reaches it
                async with channel(identity.address) as chan:
                    await organizations_pb2_grpc.OrganizationServiceStub(chan).RemoveMember(
                        organizations_pb2.RemoveMemberRequest(org_id=str(org), user_id=str(member)),
                        metadata=as_user(owner, owner_session),
                    )
                await _until(lambda: CHANGES.position != before)  # this process saw it
                assert len(caller.answers) == 0

                # B, asked without a position, still allows from its cache: it is stale.
                stale = await _ask(replica_b.address, member, session, org)
                assert (stale.verdict, stale.position) == (V.VERDICT_ALLOWED, before)

                # The caller is refused all the same: it asks for what it has seen.
                with pytest.raises(NotFound):
                    await caller.require(str(org), "agents.run")
                assert await caller.allowed(checks) == [False, False]
                # Those answers reflect the removal: kept.
                assert len(caller.answers) == 2
                fresh = await _ask(replica_b.address, member, session, org, CHANGES.position)
                assert (fresh.verdict, fresh.position) == (V.VERDICT_NOT_FOUND, CHANGES.position)
            finally:
                request_context.unbind(token)
                proxy.flowing.set()

            # Once B's feed reads on, its own caches catch up too.
            async def b_refuses() -> bool:
                answer = await _ask(replica_b.address, member, session, org)
                return answer.verdict == V.VERDICT_NOT_FOUND

            for _ in range(250):
                if await b_refuses():
                    break
                await asyncio.sleep(0.02)
            assert await b_refuses()

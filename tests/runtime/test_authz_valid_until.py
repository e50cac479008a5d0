"""`authz` keeps an answer no longer than identity says it stays true (`valid_until`: an API
key's expiry), even with no change on identity's stream to drop it: the next call after that
time asks identity again. Against a real gRPC server standing in for identity's
AuthorizationService over the mesh's TLS, and a change feed following a real Redis.

(Not reachable through the gateway: the edge itself refuses an expired key. A service a
caller reaches through another one, with the key's identity passed on, relies on this.)
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import grpc
import pytest
import redis.asyncio as redis
from google.protobuf import timestamp_pb2

from deploy.embedded.redis import EmbeddedRedis
from keel.identity.v1 import authorization_pb2, authorization_pb2_grpc
from keel_runtime import context as request_context
from keel_runtime import tls
from keel_runtime.authz import Authorizer
from keel_runtime.cache import ChangeFeed
from tests.support import channels
from tests.support.net import free_port

ORG = "6f1c3a52-9d4e-4b7a-8c2d-0e5f6a7b8c9d"
LIFETIME = 0.5  # how long identity says each answer stays true


class Identity(authorization_pb2_grpc.AuthorizationServiceServicer):
    """Allows, until `LIFETIME` from each answer, from state as new as the caller asks;
    counts the questions."""

    def __init__(self) -> None:
        self.asked = 0
        self.valid_until = 0.0

    async def CheckPermission(self, request, context):
        self.asked += 1
        self.valid_until = time.time() + LIFETIME
        until = timestamp_pb2.Timestamp()
        until.FromNanoseconds(int(self.valid_until * 1e9))
        return authorization_pb2.CheckPermissionResponse(
            verdict=authorization_pb2.Verdict.VERDICT_ALLOWED,
            valid_until=until,
            position=request.min_position,  # as new as the caller has seen: may be kept
        )

    async def BatchCheckPermissions(self, request, context):
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "not asked here")


@pytest.fixture
async def identity() -> AsyncIterator[tuple[Identity, str]]:
    servicer = Identity()
    server = grpc.aio.server()
    authorization_pb2_grpc.add_AuthorizationServiceServicer_to_server(servicer, server)
    port = channels.listen(server, "127.0.0.1:0", workload="identity")
    await server.start()
    previous = tls.local()
    tls.use(tls.MeshTls.from_env("billing"))
    try:
        yield servicer, f"127.0.0.1:{port}"
    finally:
        tls.use(previous)
        await server.stop(None)


@contextlib.asynccontextmanager
async def live(feed: ChangeFeed, client: redis.Redis) -> AsyncIterator[None]:
    task = asyncio.create_task(feed.follow(client))
    try:
        for _ in range(250):
            if feed.live:
                break
            await asyncio.sleep(0.02)
        assert feed.live
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_kept_answer_is_dropped_at_its_valid_until(
    identity: tuple[Identity, str], redis_server: EmbeddedRedis
):
    servicer, address = identity
    client = redis.Redis.from_url(redis_server.url)
    feed = ChangeFeed(f"test-valid-until-{free_port()}")
    authorizer = Authorizer(target=address, feed=feed)
    caller = request_context.RequestContext(api_key_id="key-1", org_id=ORG)
    token = request_context.bind(caller)
    try:
        async with live(feed, client):
            await authorizer.require(ORG, "billing.view")
            await authorizer.require(ORG, "billing.view")
            assert servicer.asked == 1  # kept: no change on the stream, within its time
            # identity's time for it runs out (and nothing else happens meanwhile)
            await asyncio.sleep(max(0.0, servicer.valid_until - time.time()) + 0.05)
            await authorizer.require(ORG, "billing.view")
            assert servicer.asked == 2  # asked again, though the cache's own ttl is 60 s
            await authorizer.require(ORG, "billing.view")
            assert servicer.asked == 2  # the new answer is kept in turn
    finally:
        request_context.unbind(token)
        await client.delete(feed.stream)
        await client.aclose()

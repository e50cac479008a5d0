"""Fixtures every test package that runs a mesh with identity shares (a pytest plugin,
registered in tests/conftest.py).

A package's conftest defines `edge`: its gateway, with its own set of services (anything
with a `url`, such as `tests.support.envoy.EnvoyGateway`). These give it identity (a real
process on a fresh database, one per test module), identity's database, and REST clients
through that edge.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import grpc
import httpx
import pytest

from deploy.embedded.redis import EmbeddedRedis
from keel_runtime.db import Database
from tests.identity.people import People
from tests.identity.support import identity_settings
from tests.support import channels
from tests.support.databases import connect
from tests.support.processes import ServiceProcess, service


@pytest.fixture(scope="module")
def identity_env(new_database: Callable[[str], str], redis_server: EmbeddedRedis) -> dict[str, str]:
    """Settings for an identity server on its own fresh database (fast password hashing)."""
    return identity_settings(new_database("identity"), redis_server.url)


@pytest.fixture(scope="module")
def identity(
    identity_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    with service("identity", identity_env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def identity_db(identity_env: dict[str, str]) -> AsyncIterator[Database]:
    """identity's database, to read and change it directly."""
    async with connect(identity_env["KEEL_IDENTITY_DATABASE_URL"]) as database:
        yield database


@pytest.fixture
async def identity_channel(identity: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct gRPC channel to identity, as another service has (no gateway)."""
    async with channels.channel(identity.address, workload="billing") as channel:
        yield channel


@pytest.fixture
async def http(edge: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A REST client of the package's gateway (its `edge` fixture)."""
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as client:
        yield client


@pytest.fixture
def people(http: httpx.AsyncClient) -> People:
    return People(http)

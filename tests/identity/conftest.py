"""The identity service as users meet it: a real identity process (and catalog) behind the
real Envoy gateway with edge authentication, on fresh databases, one mesh per test module.

Tests share a module's mesh and database, so each signs up its own users (`people`), or
writes its own users and organizations into the database (`seed`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import grpc
import httpx
import pytest

from gateway.envoy import GatewaySettings, render
from keel_runtime.db import Database
from tests.identity.people import People
from tests.identity.support import Seed, identity_settings
from tests.support.envoy import run_envoy, wait_ready
from tests.support.net import free_port
from tests.support.processes import ServiceProcess


@pytest.fixture(scope="module")
def identity_env(new_database: Callable[[str], str], redis_server) -> dict[str, str]:
    """Settings for an identity server on its own fresh database (fast password hashing)."""
    return identity_settings(new_database("identity"), redis_server.url)


@pytest.fixture(scope="module")
def identity(identity_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    log = tmp_path_factory.mktemp("identity") / "identity.log"
    service = ServiceProcess("identity", identity_env, log).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def catalog(new_database, redis_server, tmp_path_factory) -> Iterator[ServiceProcess]:
    env = {
        "KEEL_CATALOG_DATABASE_URL": new_database("catalog"),
        "KEEL_REDIS_URL": redis_server.url,
        "OTEL_TRACES_EXPORTER": "none",
        "OTEL_METRICS_EXPORTER": "none",
    }
    log = tmp_path_factory.mktemp("catalog") / "catalog.log"
    service = ServiceProcess("catalog", env, log).start()
    yield service
    service.stop()


@dataclass
class Edge:
    url: str
    identity: ServiceProcess


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess, catalog: ServiceProcess, tmp_path_factory
) -> AsyncIterator[Edge]:
    port, admin_port = free_port(), free_port()
    settings = GatewaySettings.from_env(
        {
            "KEEL_GATEWAY_PORT": str(port),
            "KEEL_GATEWAY_ADMIN_PORT": str(admin_port),
            "KEEL_IDENTITY_ADDR": identity.address,
            "KEEL_CATALOG_ADDR": catalog.address,
            "KEEL_GATEWAY_JWKS_CACHE_SECONDS": "2",
        }
    )
    home = tmp_path_factory.mktemp("envoy")
    (home / "envoy.json").write_text(json.dumps(render(settings)))
    with run_envoy(home):
        await wait_ready(f"http://127.0.0.1:{admin_port}", home)
        yield Edge(f"http://127.0.0.1:{port}", identity)


@pytest.fixture
async def http(edge: Edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as client:
        yield client


@pytest.fixture
def people(http: httpx.AsyncClient) -> People:
    return People(http)


@pytest.fixture
async def identity_channel(identity: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct gRPC channel to identity, as another service has (no gateway)."""
    async with grpc.aio.insecure_channel(identity.address) as channel:
        yield channel


@pytest.fixture(scope="module")
async def database(identity_env: dict[str, str]) -> AsyncIterator[Database]:
    """identity's database, to read and change it directly."""
    database = Database(identity_env["KEEL_IDENTITY_DATABASE_URL"], pool_size=2)
    yield database
    await database.close()


@pytest.fixture(scope="module")
def seed(database: Database) -> Seed:
    return Seed(database)

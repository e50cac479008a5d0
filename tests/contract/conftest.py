"""The whole mesh as clients meet it, for the contract tests: identity, billing, catalog,
agents and messaging as real processes on fresh databases, Envoy in front, one mesh for
the package's module.

The services' fixtures are agents's (tests/agents/conftest.py), which runs identity,
billing and catalog beside it; catalog here also knows agents (template submissions ask
it), and messaging is added so every service runs.
"""

# ruff: noqa: F811 (agents's fixtures are imported by name, then asked for by name)
from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from keel_runtime.db import Database
from tests.agents.conftest import (  # noqa: F401
    agents,
    agents_db,
    agents_env,
    agents_more,
    agents_port,
    billing,
    billing_db,
    billing_env,
)
from tests.agents.support import grant_credits, set_plan
from tests.identity.people import People, Person
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess, service, service_settings


@pytest.fixture(scope="module")
def catalog(
    new_database: Callable[[str], str],
    redis_server,
    identity: ServiceProcess,
    agents_port: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """catalog, which asks agents for the agent a template submission is made of."""
    env = service_settings(
        "catalog", new_database("catalog"), redis_server.url, identity.address,
        KEEL_AGENTS_ADDR=f"127.0.0.1:{agents_port}",
    )  # fmt: skip
    with service("catalog", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
def messaging(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess, tmp_path_factory
) -> Iterator[ServiceProcess]:
    env = service_settings(
        "messaging", new_database("messaging"), redis_server.url, identity.address
    )
    with service("messaging", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess,
    billing: ServiceProcess,
    catalog: ServiceProcess,
    agents: ServiceProcess,
    messaging: ServiceProcess,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[EnvoyGateway]:
    upstreams = {
        "identity": identity.address,
        "billing": billing.address,
        "catalog": catalog.address,
        "agents": agents.address,
    }
    async with envoy_gateway(tmp_path_factory.mktemp("envoy"), upstreams) as gateway:
        yield gateway


@pytest.fixture(scope="module")
async def owner(
    edge: EnvoyGateway, billing_db: Database, identity_db: Database
) -> AsyncIterator[tuple[Person, str]]:
    """An organization owner (and the organization's id) on the pro plan with 500 credits:
    every route of the organization is theirs to call."""
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        people = People(http)
        person = await people.signup("owner")
        org_id = await people.organization(person)
        await set_plan(billing_db, person, org_id, "pro")
        await grant_credits(people, identity_db, org_id, "500")
        yield person, org_id


@pytest.fixture(scope="module", autouse=True)
def forget_failed_logins(redis_server) -> Iterator[None]:
    """schemathesis sends many wrong logins from 127.0.0.1, and identity counts failures
    per address in the session's one Redis: left there, they would throttle every later
    module's logins (every test client is 127.0.0.1) for 15 minutes."""
    yield
    import redis

    client = redis.Redis.from_url(redis_server.url)
    try:
        keys = list(client.scan_iter(match="keel:identity:login-failures:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()

"""agents as users meet it: real identity, billing, catalog and agents processes behind
the real Envoy gateway, fresh databases, one mesh per test module.

Tests share a module's mesh, so each signs up its own people and organizations (`org`).
An organization starts on the free plan: 3 agents (billing's seeded plans), so a test that
creates agents through the gateway uses an organization of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import grpc
import pytest

from keel_runtime.db import Database
from tests.agents.support import Org, grant_credits, set_plan
from tests.agents.workers import Worker, worker
from tests.billing.conftest import welcomed
from tests.identity.people import People, Person
from tests.support import channels
from tests.support.databases import connect
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.net import free_port
from tests.support.processes import ServiceProcess, service, service_settings


@pytest.fixture(scope="module")
def agents_port() -> int:
    """agents's port, chosen before billing starts: billing asks agents for the usage
    dashboard's figures, agents asks billing for its plan."""
    return free_port()


@pytest.fixture(scope="module")
def billing_env(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess, agents_port: int
) -> dict[str, str]:
    return service_settings(
        "billing", new_database("billing"), redis_server.url, identity.address,
        KEEL_AGENTS_ADDR=f"127.0.0.1:{agents_port}",
    )  # fmt: skip


@pytest.fixture(scope="module")
def billing(billing_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    with service("billing", billing_env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def billing_db(billing_env: dict[str, str]) -> AsyncIterator[Database]:
    """billing's database, to put an organization on another plan (as billing's tests do)."""
    async with connect(billing_env["KEEL_BILLING_DATABASE_URL"]) as database:
        yield database


@pytest.fixture(scope="module")
def catalog(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess, tmp_path_factory
) -> Iterator[ServiceProcess]:
    env = service_settings("catalog", new_database("catalog"), redis_server.url, identity.address)
    with service("catalog", env, tmp_path_factory) as process:
        yield process


@pytest.fixture
async def catalog_as_agents(catalog: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct channel to catalog with the agents service's certificate."""
    async with channels.channel(catalog.address, workload="agents") as channel:
        yield channel


@pytest.fixture(scope="module")
def agents_more() -> dict[str, str]:
    """Settings a module adds to the agents service's (and its workers'): it overrides this."""
    return {}


@pytest.fixture(scope="module")
def agents_env(
    new_database: Callable[[str], str],
    redis_server,
    identity: ServiceProcess,
    billing: ServiceProcess,
    catalog: ServiceProcess,
    agents_port: int,
    agents_more: dict[str, str],
) -> dict[str, str]:
    return service_settings(
        "agents",
        new_database("agents"),
        redis_server.url,
        identity.address,
        KEEL_BILLING_ADDR=billing.address,
        KEEL_CATALOG_ADDR=catalog.address,
        KEEL_AGENTS_PORT=str(agents_port),
        **agents_more,
    )


@pytest.fixture(scope="module")
def agents(agents_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    with service("agents", agents_env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
def runner(agents_env, agents, tmp_path_factory) -> Iterator[Worker]:
    """One runs' worker for the module (tests that kill workers start their own)."""
    with worker(agents_env, tmp_path_factory.mktemp("worker") / "worker.log") as running:
        yield running


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess,
    billing: ServiceProcess,
    catalog: ServiceProcess,
    agents: ServiceProcess,
    tmp_path_factory,
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy")
    upstreams = {
        "identity": identity.address,
        "billing": billing.address,
        "catalog": catalog.address,
        "agents": agents.address,
    }
    async with envoy_gateway(home, upstreams) as gateway:
        yield gateway


@pytest.fixture(scope="module")
async def agents_db(agents_env: dict[str, str]) -> AsyncIterator[Database]:
    """agents's database, to read (and in a few tests set up) directly."""
    async with connect(agents_env["KEEL_AGENTS_DATABASE_URL"]) as database:
        yield database


@pytest.fixture
async def org(people: People, billing_db: Database) -> Org:
    """A verified owner's first organization: the month's 10 credits and the 10-credit
    welcome bonus (billing gives it on identity's events: waited for)."""
    owner = await people.verified("owner")
    org_id = await people.organization(owner)
    await welcomed(billing_db, org_id)
    return Org(
        org_id,
        owner,
        await people.join(owner, org_id, "ROLE_ADMIN", "admin"),
        await people.join(owner, org_id, "ROLE_MEMBER", "member"),
        await people.join(owner, org_id, "ROLE_VIEWER", "viewer"),
    )


@pytest.fixture
async def outsider(people: People, billing_db: Database) -> Person:
    """The owner of another organization (verified: its welcome bonus too)."""
    person = await people.verified("outsider")
    await welcomed(billing_db, await people.organization(person, "Elsewhere"))
    return person


@pytest.fixture
async def paying(org: Org, people: People, billing_db: Database, identity_db: Database) -> Org:
    """An organization on the pro plan (the free plan has no agent runs) with 500 credits."""
    await set_plan(billing_db, org.owner, org.id, "pro")
    await grant_credits(people, identity_db, org.id, "500")
    return org

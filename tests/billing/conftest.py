"""billing as users meet it: real identity and billing processes behind the real Envoy
gateway, a local Stripe-compatible server the billing process's Stripe SDK talks to, fresh
databases, one mesh per test module.

Tests share a module's mesh, so each signs up its own people and organizations (`people`);
an organization's billing account is created on its first billing call.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import grpc
import httpx
import pytest
import sqlalchemy as sa

from gateway.envoy import GatewaySettings, render
from keel_runtime.db import Database
from tests.identity.people import People, Person
from tests.identity.support import identity_settings
from tests.support.envoy import run_envoy, wait_ready
from tests.support.net import free_port
from tests.support.processes import ServiceProcess
from tests.support.stripe_server import FakeStripe

STRIPE_API_KEY = "sk_test_keel_billing"
WEBHOOK_SECRET = "whsec_test_keel_billing"
QUIET = {"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"}


@pytest.fixture(scope="module")
def stripe() -> Iterator[FakeStripe]:
    with FakeStripe(STRIPE_API_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def webhook_secret() -> str:
    return WEBHOOK_SECRET


@pytest.fixture(scope="module")
def identity_env(new_database: Callable[[str], str], redis_server) -> dict[str, str]:
    return identity_settings(new_database("identity"), redis_server.url)


@pytest.fixture(scope="module")
def identity(identity_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    log = tmp_path_factory.mktemp("identity") / "identity.log"
    service = ServiceProcess("identity", identity_env, log).start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def billing_env(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess, stripe: FakeStripe
) -> dict[str, str]:
    return {
        "KEEL_BILLING_DATABASE_URL": new_database("billing"),
        "KEEL_REDIS_URL": redis_server.url,
        "KEEL_IDENTITY_ADDR": identity.address,
        "KEEL_BILLING_STRIPE_API_KEY": STRIPE_API_KEY,
        "KEEL_BILLING_STRIPE_API_BASE": stripe.url,
        "KEEL_BILLING_STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "KEEL_BILLING_SWEEP_SECONDS": "0.3",
        "KEEL_OUTBOX_POLL_SECONDS": "0.2",
        **QUIET,
    }


@pytest.fixture(scope="module")
def billing(billing_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    log = tmp_path_factory.mktemp("billing") / "billing.log"
    service = ServiceProcess("billing", billing_env, log).start()
    yield service
    service.stop()


@dataclass
class Edge:
    url: str
    identity: ServiceProcess
    billing: ServiceProcess


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess, billing: ServiceProcess, tmp_path_factory
) -> AsyncIterator[Edge]:
    port, admin_port = free_port(), free_port()
    settings = GatewaySettings.from_env(
        {
            "KEEL_GATEWAY_PORT": str(port),
            "KEEL_GATEWAY_ADMIN_PORT": str(admin_port),
            "KEEL_IDENTITY_ADDR": identity.address,
            "KEEL_BILLING_ADDR": billing.address,
        }
    )
    home = tmp_path_factory.mktemp("envoy")
    (home / "envoy.json").write_text(json.dumps(render(settings)))
    with run_envoy(home):
        await wait_ready(f"http://127.0.0.1:{admin_port}", home)
        yield Edge(f"http://127.0.0.1:{port}", identity, billing)


@pytest.fixture
async def http(edge: Edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as client:
        yield client


@pytest.fixture
def people(http: httpx.AsyncClient) -> People:
    return People(http)


@pytest.fixture
async def billing_channel(billing: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct gRPC channel to billing, as another service has (no gateway)."""
    async with grpc.aio.insecure_channel(billing.address) as channel:
        yield channel


@pytest.fixture(scope="module")
async def billing_db(billing_env: dict[str, str]) -> AsyncIterator[Database]:
    """billing's database, to read (and in a few tests set up) directly."""
    database = Database(billing_env["KEEL_BILLING_DATABASE_URL"], pool_size=2)
    yield database
    await database.close()


@pytest.fixture(scope="module")
async def identity_db(identity_env: dict[str, str]) -> AsyncIterator[Database]:
    database = Database(identity_env["KEEL_IDENTITY_DATABASE_URL"], pool_size=2)
    yield database
    await database.close()


async def make_platform_admin(people: People, identity_db: Database) -> Person:
    """A signed-up user made platform administrator (as `platform-admin grant` does)."""
    person = await people.signup("operator")
    async with identity_db.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE users SET platform_admin = true WHERE id = :id"),
            {"id": person.user_id},
        )
    return person


@pytest.fixture
async def platform_admin(people: People, identity_db: Database) -> Person:
    return await make_platform_admin(people, identity_db)


@dataclass
class Org:
    """An organization with one person per role."""

    id: str
    owner: Person
    admin: Person
    member: Person
    viewer: Person


@pytest.fixture
async def org(people: People) -> Org:
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    return Org(
        org_id,
        owner,
        await people.join(owner, org_id, "ROLE_ADMIN", "admin"),
        await people.join(owner, org_id, "ROLE_MEMBER", "member"),
        await people.join(owner, org_id, "ROLE_VIEWER", "viewer"),
    )

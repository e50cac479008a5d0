"""billing as users meet it: real identity and billing processes behind the real Envoy
gateway, a local Stripe-compatible server the billing process's Stripe SDK talks to, fresh
databases, one mesh per test module.

Tests share a module's mesh, so each signs up its own people and organizations (`people`);
an organization's billing account is created on its first billing call. identity and the
fixtures around it (`identity_db`, `http`, `people`, …) are shared: tests/support/fixtures.py.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass

import grpc
import pytest
import sqlalchemy as sa

from keel_runtime.db import Database
from tests.identity.people import People, Person
from tests.identity.support import as_user
from tests.support import channels
from tests.support.databases import connect
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess, service, service_settings
from tests.support.stripe_server import FakeStripe

STRIPE_API_KEY = "sk_test_keel_billing"
WEBHOOK_SECRET = "whsec_test_keel_billing"


@pytest.fixture(scope="module")
def stripe() -> Iterator[FakeStripe]:
    with FakeStripe(STRIPE_API_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def webhook_secret() -> str:
    return WEBHOOK_SECRET


@pytest.fixture(scope="module")
def billing_env(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess, stripe: FakeStripe
) -> dict[str, str]:
    return service_settings(
        "billing",
        new_database("billing"),
        redis_server.url,
        identity.address,
        KEEL_BILLING_STRIPE_API_KEY=STRIPE_API_KEY,
        KEEL_BILLING_STRIPE_API_BASE=stripe.url,
        KEEL_BILLING_STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        KEEL_BILLING_SWEEP_SECONDS="0.3",
    )


@pytest.fixture(scope="module")
def billing(billing_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    with service("billing", billing_env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess, billing: ServiceProcess, tmp_path_factory
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy")
    upstreams = {"identity": identity.address, "billing": billing.address}
    async with envoy_gateway(home, upstreams) as gateway:
        yield gateway


@pytest.fixture
async def billing_channel(billing: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct gRPC channel to billing, as another service has (no gateway)."""
    async with channels.channel(billing.address) as channel:
        yield channel


@pytest.fixture
async def agents_channel(billing: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct gRPC channel to billing with the agents service's certificate: its calls
    without a user's identity are the agents service acting as itself."""
    async with channels.channel(billing.address, workload="agents") as channel:
        yield channel


@pytest.fixture(scope="module")
async def billing_db(billing_env: dict[str, str]) -> AsyncIterator[Database]:
    """billing's database, to read (and in a few tests set up) directly."""
    async with connect(billing_env["KEEL_BILLING_DATABASE_URL"]) as database:
        yield database


def forwarded(person: Person) -> tuple[tuple[str, str], ...]:
    """The identity metadata the gateway forwards for `person`: their user id and the login
    session their access token belongs to (its `sid`), as another service passes it on."""
    payload = person.access_token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return as_user(uuid.UUID(person.user_id), uuid.UUID(claims["sid"]))


async def promote(person: Person, identity_db: Database) -> Person:
    """`person` made platform administrator (as `platform-admin grant` does)."""
    async with identity_db.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE users SET platform_admin = true WHERE id = :id"),
            {"id": person.user_id},
        )
    return person


async def make_platform_admin(people: People, identity_db: Database) -> Person:
    """A signed-up user made platform administrator."""
    return await promote(await people.signup("operator"), identity_db)


async def member_platform_admin(
    people: People, identity_db: Database, owner: Person, org_id: str
) -> Person:
    """A platform administrator who is also a member of `org_id`. Promoted before joining:
    the promotion bypasses identity (no event), and the membership's event is what makes
    identity drop the facts it keeps about the user."""
    person = await make_platform_admin(people, identity_db)
    await people.verify_email(person)
    invited = await owner.post(
        f"/v1/organizations/{org_id}/invitations", {"email": person.email, "role": "ROLE_MEMBER"}
    )
    assert invited.status_code == 200, invited.text
    accepted = await person.post(f"/v1/invitations/{invited.json()['token']}/accept")
    assert accepted.status_code == 200, accepted.text
    await person.switch(org_id)
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


async def eventually(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def welcomed(billing_db: Database, org_id: str) -> None:
    """Wait for the welcome bonus of the organization's creator to reach it (billing gives
    it on identity's events, after the calls that caused them answered)."""

    async def granted() -> bool:
        async with billing_db.unit_of_work() as session:
            found = await session.execute(
                sa.text(
                    "SELECT 1 FROM credit_transactions WHERE org_id = :org AND type = 'promo_bonus'"
                ),
                {"org": uuid.UUID(org_id)},
            )
            return found.first() is not None

    await eventually(granted, f"the welcome bonus of {org_id}")


@pytest.fixture
async def org(people: People, billing_db: Database) -> Org:
    """A verified owner's first organization: its allocation and the welcome bonus."""
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

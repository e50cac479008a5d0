"""catalog as users meet it: real identity and catalog processes behind the real Envoy
gateway, fresh databases, one mesh per test module.

Tests share a module's mesh, so each signs up its own people and organizations (`org`);
the five official templates are there from the migrations. identity and its fixtures
(`identity_db`, `http`, `people`, …) are shared: tests/support/fixtures.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import grpc
import pytest

from keel_runtime.db import Database
from tests.catalog.support import Org, make_platform_admin
from tests.identity.people import People, Person
from tests.support import channels
from tests.support.databases import connect
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess, service, service_settings


@pytest.fixture(scope="module")
def catalog_mesh_env(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess
) -> dict[str, str]:
    return service_settings(
        "catalog",
        new_database("catalog"),
        redis_server.url,
        identity.address,
        KEEL_CATALOG_VIEW_FLUSH_SECONDS="0.2",
    )


@pytest.fixture(scope="module")
def catalog(catalog_mesh_env, tmp_path_factory) -> Iterator[ServiceProcess]:
    with service("catalog", catalog_mesh_env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess, catalog: ServiceProcess, tmp_path_factory
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy")
    upstreams = {"identity": identity.address, "catalog": catalog.address}
    async with envoy_gateway(home, upstreams) as gateway:
        yield gateway


@pytest.fixture(scope="module")
async def catalog_db(catalog_mesh_env: dict[str, str]) -> AsyncIterator[Database]:
    """catalog's database, to read (and in a few tests set up) directly."""
    async with connect(catalog_mesh_env["KEEL_CATALOG_DATABASE_URL"]) as database:
        yield database


@pytest.fixture
def catalog_db_url_of():
    """catalog's database of some settings, opened (`async with … as database`)."""
    return lambda env: connect(env["KEEL_CATALOG_DATABASE_URL"])


@pytest.fixture
async def agents_channel(catalog: ServiceProcess) -> AsyncIterator[grpc.aio.Channel]:
    """A direct channel to catalog with the agents service's certificate."""
    async with channels.channel(catalog.address, workload="agents") as channel:
        yield channel


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


@pytest.fixture
async def outsider(people: People) -> Person:
    """The owner of another organization."""
    person = await people.signup("outsider")
    await people.organization(person, "Elsewhere")
    return person


@pytest.fixture
async def platform_admin(people: People, identity_db: Database) -> Person:
    return await make_platform_admin(people, identity_db)

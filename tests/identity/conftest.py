"""The identity service as users meet it: a real identity process behind the real Envoy
gateway with edge authentication, on a fresh database, one mesh per test module.

`identity`, `identity_env`, `identity_db`, `identity_channel`, `http` and `people` are the
shared fixtures (tests/support/fixtures.py). Tests share a module's mesh and database, so
each signs up its own users (`people`), or writes its own users and organizations into
the database (`seed`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from keel_runtime.db import Database
from tests.identity.support import Seed
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy")
    settings = {"KEEL_GATEWAY_JWKS_CACHE_SECONDS": "2"}
    async with envoy_gateway(home, {"identity": identity.address}, settings) as gateway:
        yield gateway


@pytest.fixture(scope="module")
def seed(identity_db: Database) -> Seed:
    return Seed(identity_db)

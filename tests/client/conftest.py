"""The client against the live gateway: agents's mesh (identity, billing, catalog and agents
as real processes on fresh databases, Envoy in front, a runs worker on the built-in model),
its fixtures imported by name (tests/agents/conftest.py)."""

# ruff: noqa: F401, F811 (agents's fixtures are imported by name, then asked for by name)
from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from keel_client import Keel

from tests.agents.conftest import (
    agents,
    agents_env,
    agents_more,
    agents_port,
    billing,
    billing_db,
    billing_env,
    catalog,
    edge,
    runner,
)
from tests.support.envoy import EnvoyGateway


@pytest.fixture
async def keel(edge: EnvoyGateway) -> AsyncIterator[Keel]:
    """An anonymous client of the gateway (public routes only)."""
    async with Keel(edge.url) as client:
        yield client

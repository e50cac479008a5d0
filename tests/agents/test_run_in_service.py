"""The worker inside the agents service (KEEL_AGENTS_WORKER_IN_SERVICE=true): no worker
process at all, and a run still completes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished
from tests.agents.workers import WORKER_SETTINGS
from tests.support.processes import ServiceProcess, service_settings


@pytest.fixture(scope="module")
def agents_env(
    new_database: Callable[[str], str],
    redis_server,
    identity: ServiceProcess,
    billing: ServiceProcess,
    catalog: ServiceProcess,
) -> dict[str, str]:
    env = service_settings(
        "agents", new_database("agents"), redis_server.url, identity.address,
        KEEL_BILLING_ADDR=billing.address, KEEL_CATALOG_ADDR=catalog.address,
    )  # fmt: skip
    return env | WORKER_SETTINGS | {"KEEL_AGENTS_WORKER_IN_SERVICE": "true"}


async def test_the_service_runs_its_runs_itself(edge, agents, paying: Org):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "inside"})
    assert started.status_code == 200, started.text
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED" and done["output"] == "You said: inside"
    assert '"working"' in agents.log()

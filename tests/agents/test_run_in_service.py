"""The worker inside the agents service (KEEL_AGENTS_WORKER_IN_SERVICE=true): no worker
process at all, and a run still completes."""

from __future__ import annotations

import pytest

from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished
from tests.agents.workers import WORKER_SETTINGS


@pytest.fixture(scope="module")
def agents_more() -> dict[str, str]:
    return WORKER_SETTINGS | {"KEEL_AGENTS_WORKER_IN_SERVICE": "true"}


async def test_the_service_runs_its_runs_itself(edge, agents, paying: Org):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "inside"})
    assert started.status_code == 200, started.text
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED" and done["output"] == "You said: inside"
    assert '"working"' in agents.log()

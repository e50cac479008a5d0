"""One trace from the REST call to the worker: Envoy's span, agents' StartRun and its
checks, then, across the queue, each model call (GenAI attributes) and tool call."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest

from deploy.embedded.otlp import OtlpReceiver
from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished
from tests.support.envoy import FLUSH_EACH_SPAN, EnvoyGateway, envoy_gateway


def _traced(otlp: OtlpReceiver) -> dict[str, str]:
    return {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
        "OTEL_TRACES_SAMPLER": "parentbased_always_on",
        "OTEL_BSP_SCHEDULE_DELAY": "50",
    }


@pytest.fixture(scope="module")
def agents_more(otlp: OtlpReceiver) -> dict[str, str]:
    return _traced(otlp)


@pytest.fixture(scope="module")
async def edge(
    identity, billing, catalog, agents, otlp: OtlpReceiver, tmp_path_factory
) -> AsyncIterator[EnvoyGateway]:
    upstreams = {"identity": identity.address, "billing": billing.address,
                 "catalog": catalog.address, "agents": agents.address}  # fmt: skip
    tracing = {"OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint}
    home = tmp_path_factory.mktemp("envoy")
    async with envoy_gateway(home, upstreams, tracing, runtime=FLUSH_EACH_SPAN) as gateway:
        yield gateway


def _ancestors(span: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[str]:
    names = []
    while (parent := by_id.get(span["parent_span_id"])) is not None:
        names.append(f"{parent['service']}:{parent['name']}")
        span = parent
    return names


async def test_one_trace_from_the_rest_call_to_the_model_and_tool_calls(
    edge, runner, paying: Org, otlp: OtlpReceiver
):
    agent = await support.create(
        paying.owner, config=support.config(tools=[{"name": "current_time"}])
    )
    trace_id = secrets.token_hex(16)
    started = await paying.owner.http.post(
        f"/v1/agents/{agent['id']}/runs",
        json={"input": "what time is it?", "budget_credits": "20"},
        headers=paying.owner.headers | {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"},
    )
    assert started.status_code == 200, started.text
    await finished(paying.owner, started.json()["run"]["id"])

    billing = ("PlanService/AdmitRun", "CreditService/Settle", "UsageService/RecordUsage")

    def complete(spans: list[Any]) -> bool:
        names = {s["name"] for s in spans}
        clients = [s["name"] for s in spans if s["kind"] == "CLIENT"]
        return (
            {"execute_tool current_time", "finish run"} <= names
            and sum(n.startswith("chat ") for n in names) >= 1
            and all(any(c.endswith(b) for c in clients) for b in billing)
        )

    spans = await otlp.wait_for_spans(complete, trace_id=trace_id, within=20)
    by_id = {s["span_id"]: s for s in spans}
    chat = next(s for s in spans if s["name"].startswith("chat "))
    tool = next(s for s in spans if s["name"] == "execute_tool current_time")
    assert chat["attributes"]["gen_ai.operation.name"] == "chat"
    assert chat["attributes"]["gen_ai.request.model"] == "keel-builtin"
    assert chat["attributes"]["gen_ai.usage.input_tokens"] > 0
    assert tool["attributes"]["gen_ai.tool.name"] == "current_time"
    for span in (chat, tool):  # across the queue: under the REST call's StartRun
        chain = _ancestors(span, by_id)
        assert any(n.endswith("RunService/StartRun") for n in chain), chain
        assert chain[-1].startswith("gateway:"), chain
    # The start's checks (billing's, identity's: the agents.run check or, cached, the
    # visibility's batch) and the end's settlement hang in the same tree.
    identity = (
        "AuthorizationService/CheckPermission",
        "AuthorizationService/BatchCheckPermissions",
    )
    asked = [s for s in spans if s["kind"] == "CLIENT" and s["name"].endswith(identity)]
    assert asked, sorted({s["name"] for s in spans})
    assert any(n.endswith("RunService/StartRun") for n in _ancestors(asked[0], by_id))
    for called in billing:
        client = next(s for s in spans if s["kind"] == "CLIENT" and s["name"].endswith(called))
        assert any(n.endswith("RunService/StartRun") for n in _ancestors(client, by_id)), called

"""Organization insight through the gateway: billing's usage dashboard carries the
organization's agents (outcomes, active agents, cost by agent, top agents) from the agents
service, checked against the runs a real worker made here; the usage export as CSV; who
may read; the internal RPC for billing alone."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import grpc
import pytest
import sqlalchemy as sa

from keel.agents.v1 import analytics_pb2, analytics_pb2_grpc
from keel_runtime.db import Database
from services.billing.domain import usage_export
from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished
from tests.catalog.support import forwarded
from tests.identity.people import People, Person
from tests.support import channels
from tests.support.processes import ServiceProcess

# A name a spreadsheet would run as a formula.
FORMULA = '=HYPERLINK("https://evil.example","x")'


async def _run(person: Person, agent_id: str, body: dict[str, Any], status: str) -> str:
    started = await person.post(f"/v1/agents/{agent_id}/runs", body)
    assert started.status_code == 200, started.text
    done = await finished(person, started.json()["run"]["id"])
    assert done["status"] == status, done
    return str(done["id"])


@pytest.fixture
async def ran(
    paying: Org, people: People, runner, billing_db: Database, identity_db: Database
) -> dict[str, Any]:
    """Three agents' runs in `paying`: the owner's organization agent (two completed, one
    failed on its budget), the member's private one (one completed) and another
    organization's public agent (one completed, run by the owner here)."""
    shared = await support.create(
        paying.owner, visibility="VISIBILITY_ORGANIZATION",
        config=support.config(tools=[{"name": "current_time"}]),
    )  # fmt: skip
    secret = await support.create(paying.member, name=FORMULA)
    elsewhere_owner = await people.signup("elsewhere")
    await people.organization(elsewhere_owner)
    public = await support.create(elsewhere_owner, visibility="VISIBILITY_PUBLIC")
    runs = [
        await _run(paying.owner, shared["id"], {"input": "hello"}, "RUN_STATUS_COMPLETED"),
        await _run(paying.owner, shared["id"], {"input": "what time is it?"},
                   "RUN_STATUS_COMPLETED"),
        await _run(paying.owner, shared["id"],
                   {"input": "what time is it?", "budget_credits": "5"}, "RUN_STATUS_FAILED"),
        await _run(paying.member, secret["id"], {"input": "hi"}, "RUN_STATUS_COMPLETED"),
        await _run(paying.owner, public["id"], {"input": "hey"}, "RUN_STATUS_COMPLETED"),
    ]  # fmt: skip
    return {"org": paying, "shared": shared, "secret": secret, "public": public, "runs": runs}


async def _dashboard(person: Person, org_id: str, days: int = 7) -> dict[str, Any]:
    response = await person.get(f"/v1/organizations/{org_id}/usage/dashboard",
                                params={"days": days})  # fmt: skip
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def _charged(agents_db: Database, run_ids: list[str]) -> dict[str, tuple[Decimal, Decimal]]:
    """Each agent's USD and credits, from the runs' own rows."""
    async with agents_db.unit_of_work() as session:
        rows = await session.execute(
            sa.text("""SELECT agent_id::text, sum(cost_usd), sum(credits_charged)
                FROM runs WHERE id = ANY(CAST(:ids AS uuid[])) GROUP BY agent_id"""),
            {"ids": run_ids},
        )
        return {agent: (Decimal(cost), Decimal(credits)) for agent, cost, credits in rows}


async def test_the_dashboard_shows_the_organizations_agents(ran, agents_db: Database):
    org: Org = ran["org"]
    found = (await _dashboard(org.owner, org.id))["agents"]
    assert found["window"]["days"] == 7
    # Five started, four completed and one failed: 0.8 of the ended ones.
    assert (found["runs_started"], found["completed_runs"], found["failed_runs"]) == ("5", "4", "1")
    assert found["success_rate"] == pytest.approx(0.8)
    assert (found["active_agents"], found["agents_with_runs"]) == ("3", "3")
    charged = await _charged(agents_db, ran["runs"])
    by_agent = {a["agent_id"]: a for a in found["agents"]}
    assert set(by_agent) == set(charged)
    for agent_id, (cost, credits) in charged.items():
        assert (Decimal(by_agent[agent_id]["cost_usd"]),
                Decimal(by_agent[agent_id]["credits"])) == (cost, credits)  # fmt: skip
    assert Decimal(found["credits"]) == sum(c for _, c in charged.values())
    assert Decimal(found["credits"]) > 0
    # Cost by agent, most credits first; the top agents by runs, most first.
    ordered = [Decimal(a["credits"]) for a in found["agents"]]
    assert ordered == sorted(ordered, reverse=True)
    top = found["top_agents"]
    assert top[0]["agent_id"] == ran["shared"]["id"]
    assert (top[0]["runs_started"], top[0]["completed_runs"], top[0]["failed_runs"]) == (
        "3", "2", "1",
    )  # fmt: skip
    assert [a["runs_started"] for a in top[1:]] == ["1", "1"]
    # The owner (agents.manage_all) sees every agent's name, the other organization's
    # public one's too.
    names = {a["agent_id"]: a["name"] for a in found["agents"]}
    assert names == {ran[k]["id"]: ran[k]["name"] for k in ("shared", "secret", "public")}


async def test_a_viewer_sees_every_figure_but_not_private_names(ran):
    org: Org = ran["org"]
    owners = await _dashboard(org.owner, org.id)
    viewers = await _dashboard(org.viewer, org.id)
    for field in ("runs_started", "completed_runs", "failed_runs", "credits", "cost_usd"):
        assert viewers["agents"][field] == owners["agents"][field]
    names = {a["agent_id"]: a["name"] for a in viewers["agents"]["agents"]}
    assert names[ran["secret"]["id"]] == ""  # the member's private agent
    assert names[ran["shared"]["id"]] == ran["shared"]["name"]
    assert names[ran["public"]["id"]] == ran["public"]["name"]
    # Its creator sees their own.
    members = await _dashboard(org.member, org.id)
    assert {a["agent_id"]: a["name"] for a in members["agents"]["agents"]}[
        ran["secret"]["id"]
    ] == FORMULA


async def test_another_organization_sees_nothing(ran, outsider: Person):
    org: Org = ran["org"]
    response = await outsider.get(f"/v1/organizations/{org.id}/usage/dashboard")
    # An organization one is not in does not exist for one (billing's rule, as everywhere).
    assert response.status_code == 404, response.text
    assert support.reason(response) == "ORGANIZATION_NOT_FOUND"


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


async def test_the_usage_export_is_csv_of_days_and_of_agents(ran):
    org: Org = ran["org"]
    dashboard = await _dashboard(org.member, org.id, days=7)
    path = f"/v1/organizations/{org.id}/usage/export"
    days = _csv(await org.member.get(path, params={"days": 7}))
    assert list(days[0]) == usage_export.DAY_COLUMNS
    assert [d["date"] for d in days] == [d["date"] for d in dashboard["timeline"]]
    for line, day in zip(days, dashboard["timeline"], strict=True):
        totals = day["totals"]
        assert int(line["runs"]) == int(totals.get("runs", 0))
        assert Decimal(line["credits_consumed"]) == Decimal(totals["credits_consumed"])
    assert sum(int(d["runs"]) for d in days) == 5
    agents = _csv(
        await org.member.get(path, params={"days": 7, "rows": "USAGE_EXPORT_ROWS_AGENTS"})
    )
    assert list(agents[0]) == usage_export.AGENT_COLUMNS
    listed = dashboard["agents"]["agents"]
    assert [a["agent_id"] for a in agents] == [a["agent_id"] for a in listed]
    for line, agent in zip(agents, listed, strict=True):
        assert int(line["runs_started"]) == int(agent["runs_started"])
        assert Decimal(line["credits"]) == Decimal(agent["credits"])
    # The member's own private agent, named as a formula, is written as text.
    secret = next(a for a in agents if a["agent_id"] == ran["secret"]["id"])
    assert secret["name"] == "'" + FORMULA


async def test_the_export_needs_usage_export_and_good_input(ran):
    org: Org = ran["org"]
    path = f"/v1/organizations/{org.id}/usage/export"
    denied = await org.viewer.get(path)  # viewers may look (usage.view), not export
    assert denied.status_code == 403, denied.text
    for params in ({"days": 400}, {"days": -1}, {"rows": "7"}):
        bad = await org.owner.get(path, params=params)
        assert bad.status_code == 400, (params, bad.text)
        assert json.loads(bad.text)["code"] == 3


async def test_the_insight_rpc_answers_billing_alone(ran, agents: ServiceProcess, outsider):
    org: Org = ran["org"]
    request = analytics_pb2.GetOrganizationInsightRequest(org_id=org.id, days=7)
    for workload in ("gateway", "catalog"):
        async with channels.channel(agents.address, workload=workload) as channel:
            stub = analytics_pb2_grpc.OrganizationInsightServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.GetOrganizationInsight(request, metadata=forwarded(org.owner))
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    async with channels.channel(agents.address, workload="billing") as channel:
        stub = analytics_pb2_grpc.OrganizationInsightServiceStub(channel)
        found = await stub.GetOrganizationInsight(request, metadata=forwarded(org.viewer))
        assert found.insight.runs_started == 5
        with pytest.raises(grpc.aio.AioRpcError) as stranger:
            await stub.GetOrganizationInsight(request, metadata=forwarded(outsider))
        assert stranger.value.code() == grpc.StatusCode.NOT_FOUND  # not theirs: not there

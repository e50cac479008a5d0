"""Usage and limits (UsageService): what the agents service reports and asks over gRPC
(RecordUsage, CheckLimit), and what users read through the gateway (usage, dashboard)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf import timestamp_pb2
from google.rpc import error_details_pb2

from keel.billing.v1 import (
    credits_pb2,
    credits_pb2_grpc,
    events_pb2,
    usage_pb2,
    usage_pb2_grpc,
)
from keel.events.v1 import events_pb2 as envelope_pb2
from keel_runtime.db import Database
from keel_runtime.status import details_of
from tests.billing.conftest import Org, forwarded
from tests.identity.people import People, Person
from tests.identity.support import reason, sql, violated_fields

AGENTS = usage_pb2.LIMIT_KIND_AGENTS
RUNS = usage_pb2.LIMIT_KIND_MONTHLY_RUNS


class Agents:
    """The agents service's view of billing: direct gRPC calls on behalf of a user."""

    def __init__(self, channel: grpc.aio.Channel, person: Person, org_id: str) -> None:
        self.usage = usage_pb2_grpc.UsageServiceStub(channel)
        self.credits = credits_pb2_grpc.CreditServiceStub(channel)
        self.metadata = forwarded(person)
        self.org_id = org_id

    async def record(self, key: str, **fields: Any) -> usage_pb2.RecordUsageResponse:
        request = usage_pb2.RecordUsageRequest(org_id=self.org_id, idempotency_key=key, **fields)
        return await self.usage.RecordUsage(request, metadata=self.metadata)

    async def check(
        self, limit: usage_pb2.LimitKind, increment: int = 0
    ) -> usage_pb2.CheckLimitResponse:
        request = usage_pb2.CheckLimitRequest(org_id=self.org_id, limit=limit, increment=increment)
        return await self.usage.CheckLimit(request, metadata=self.metadata)


async def new_org(people: People, channel: grpc.aio.Channel) -> tuple[Person, str, Agents]:
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    return owner, org_id, Agents(channel, owner, org_id)


async def refusal(call: Any) -> tuple[grpc.aio.AioRpcError, list[Any]]:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return raised.value, details_of(raised.value)


def detail(details: list[Any], kind: type) -> Any:
    return next(d for d in details if isinstance(d, kind))


async def threshold_events(billing_db: Database, org_id: str) -> list[tuple[int, int, int]]:
    """(limit kind, threshold, used) of the org's usage.threshold_crossed events."""
    rows = await sql(
        billing_db,
        "SELECT envelope FROM outbox_events WHERE type = 'usage.threshold_crossed' ORDER BY seq",
    )
    found = []
    for (raw,) in rows:
        envelope = envelope_pb2.Event.FromString(raw)
        if envelope.org_id != org_id:
            continue
        payload = events_pb2.UsageThresholdCrossed()
        envelope.payload.Unpack(payload)
        assert payload.org_id == org_id
        found.append((payload.limit, payload.threshold_percent, payload.used))
    return sorted(found)


def limits(response: Any) -> dict[int, tuple[int, int | None, int | None]]:
    return {
        u.kind: (
            u.used,
            u.limit if u.HasField("limit") else None,
            u.percent if u.HasField("percent") else None,
        )
        for u in response.limits
    }


async def test_record_usage_counts_once_per_key(people: People, agents_channel):
    owner, org_id, agents = await new_org(people, agents_channel)
    first = await agents.record(
        "run:1:finished", runs=1, input_tokens=1200, output_tokens=300, cost_usd="0.0042"
    )
    assert first.recorded is True
    assert limits(first)[RUNS] == (1, 100, 1)
    again = await agents.record(
        "run:1:finished", runs=1, input_tokens=1200, output_tokens=300, cost_usd="0.0042"
    )
    assert again.recorded is False
    assert limits(again)[RUNS] == (1, 100, 1)

    usage = await owner.get(f"/v1/organizations/{org_id}/usage")
    assert usage.status_code == 200, usage.text
    body = usage.json()
    assert body["plan"] == "PLAN_TIER_FREE"
    assert body["totals"] == {
        "agents": "0",
        "agents_created": "0",
        "runs": "1",
        "input_tokens": "1200",
        "output_tokens": "300",
        "cost_usd": "0.0042",
        "credits_consumed": "0",
    }
    assert body["period_start"] < body["period_end"]
    by_kind = {u["kind"]: u for u in body["limits"]}
    assert by_kind["LIMIT_KIND_MONTHLY_RUNS"] == {
        "kind": "LIMIT_KIND_MONTHLY_RUNS",
        "used": "1",
        "limit": "100",
        "percent": 1,
    }
    assert by_kind["LIMIT_KIND_AGENTS"] == {
        "kind": "LIMIT_KIND_AGENTS",
        "used": "0",
        "limit": "3",
        "percent": 0,
    }


async def test_concurrent_duplicates_count_once(people: People, agents_channel):
    _, _, agents = await new_org(people, agents_channel)
    results = await asyncio.gather(*(agents.record("run:dup:finished", runs=1) for _ in range(8)))
    assert sorted(r.recorded for r in results) == [False] * 7 + [True]
    assert limits(await agents.record("run:other:finished"))[RUNS][0] == 1


async def test_agent_count_follows_creations_and_deletions_never_below_zero(
    people: People, agents_channel
):
    owner, org_id, agents = await new_org(people, agents_channel)
    await agents.record("agent:a:created", agents_delta=2)
    assert limits(await agents.record("agent:a:deleted", agents_delta=-1))[AGENTS] == (1, 3, 33)
    assert limits(await agents.record("agent:b:deleted", agents_delta=-5))[AGENTS] == (0, 3, 0)
    totals = (await owner.get(f"/v1/organizations/{org_id}/usage")).json()["totals"]
    assert (totals["agents"], totals["agents_created"]) == ("0", "2")


async def test_thresholds_are_announced_once_per_limit_and_period(
    people: People, agents_channel, billing_db: Database
):
    _, org_id, agents = await new_org(people, agents_channel)
    await agents.record("runs:batch:0", runs=79)
    assert await threshold_events(billing_db, org_id) == []
    await agents.record("runs:batch:1", runs=1)
    assert await threshold_events(billing_db, org_id) == [(RUNS, 80, 80)]
    # Concurrent reports cross 100 % together: one announcement.
    await asyncio.gather(*(agents.record(f"runs:batch:c{i}", runs=5) for i in range(6)))
    # Reports are serialized per organization: the one reaching 100 sees exactly 100.
    assert await threshold_events(billing_db, org_id) == [(RUNS, 80, 80), (RUNS, 100, 100)]

    # Three agents on the free plan: 80 % and 100 % at once.
    await agents.record("agents:three", agents_delta=3)
    await agents.record("runs:after", runs=1)
    await agents.record("agents:gone", agents_delta=-1)
    await agents.record("agents:back", agents_delta=1)
    assert await threshold_events(billing_db, org_id) == sorted(
        [(AGENTS, 80, 3), (AGENTS, 100, 3), (RUNS, 80, 80), (RUNS, 100, 100)]
    )


async def test_agent_limit_refusal_names_limit_count_plan_and_upgrade(
    people: People, agents_channel
):
    _, org_id, agents = await new_org(people, agents_channel)
    allowed = await agents.check(AGENTS)
    assert (allowed.usage.used, allowed.usage.limit, allowed.plan) == (0, 3, 1)
    await agents.record("agents:created:3", agents_delta=3)
    error, details = await refusal(agents.check(AGENTS))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    info = detail(details, error_details_pb2.ErrorInfo)
    assert info.reason == "ORG_AGENT_LIMIT_EXCEEDED"
    assert dict(info.metadata) | {"limit_kind": ""} == {
        "limit_kind": "",
        "limit": "3",
        "count": "3",
        "plan": "free",
        "upgrade_hint": "upgrade to pro for 20 agents",
        "upgrade_to": "pro",
        "checkout_route": "POST /v1/organizations/{org_id}/billing/checkout",
    }
    quota = detail(details, error_details_pb2.QuotaFailure)
    assert quota.violations[0].subject == f"org:{org_id}"
    # One deleted: room for one more, not for two.
    await agents.record("agents:deleted:1", agents_delta=-1)
    assert (await agents.check(AGENTS, 1)).usage.used == 2
    error, _ = await refusal(agents.check(AGENTS, 2))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_monthly_run_limit_refusal(people: People, agents_channel):
    _, _, agents = await new_org(people, agents_channel)
    await agents.record("runs:all", runs=100)
    error, details = await refusal(agents.check(RUNS))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    info = detail(details, error_details_pb2.ErrorInfo)
    assert info.reason == "ORG_RUN_LIMIT_EXCEEDED"
    assert (info.metadata["limit"], info.metadata["count"], info.metadata["plan"]) == (
        "100",
        "100",
        "free",
    )
    assert info.metadata["upgrade_hint"] == "upgrade to pro for 2000 runs a month"
    assert not any(isinstance(d, error_details_pb2.RetryInfo) for d in details)


async def test_hourly_run_rate_is_consumed_and_refused_with_retry_info(
    people: People, agents_channel
):
    _, _, agents = await new_org(people, agents_channel)
    assert (await agents.check(RUNS, 9)).usage.used == 0
    await agents.check(RUNS)  # the tenth run of the hour
    error, details = await refusal(agents.check(RUNS))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    info = detail(details, error_details_pb2.ErrorInfo)
    assert info.reason == "ORG_RUN_RATE_LIMITED"
    assert (info.metadata["limit"], info.metadata["plan"], info.metadata["upgrade_to"]) == (
        "10",
        "free",
        "pro",
    )
    retry = detail(details, error_details_pb2.RetryInfo)
    # One run's worth of the hour comes back every 6 minutes.
    assert 300 <= retry.retry_delay.seconds <= 360


async def test_check_limit_authorization(org: Org, agents_channel):
    viewer = Agents(agents_channel, org.viewer, org.id)
    error, _ = await refusal(viewer.check(AGENTS))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    error, _ = await refusal(viewer.record("run:viewer:finished", runs=1))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    member = Agents(agents_channel, org.member, org.id)
    assert (await member.check(AGENTS)).usage.limit == 3


async def clear_of_midnight(margin: timedelta = timedelta(seconds=30)) -> datetime:
    """Now, once a UTC midnight is not coming within `margin`: "today" stays one day while a
    test records usage and reads it back (the counters and the dashboard go by UTC day)."""
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
    if midnight - now < margin:
        await asyncio.sleep((midnight - now).total_seconds() + 0.1)
    return datetime.now(UTC)


async def test_dashboard_has_a_day_per_entry_with_todays_counters_and_credits(
    people: People, agents_channel
):
    today = await clear_of_midnight()
    owner, org_id, agents = await new_org(people, agents_channel)
    yesterday = today - timedelta(days=1)
    at = timestamp_pb2.Timestamp()
    at.FromDatetime(yesterday)
    await agents.record("run:y:finished", runs=2, occurred_at=at)
    await agents.record("run:t:finished", runs=3, input_tokens=10, agents_delta=1)
    held = await agents.credits.Reserve(
        credits_pb2.ReserveRequest(org_id=org_id, amount="3", idempotency_key="dashboard-hold"),
        metadata=agents.metadata,
    )
    await agents.credits.Settle(
        credits_pb2.SettleRequest(
            org_id=org_id,
            reservation_id=held.reservation.id,
            actual_amount="2.5",
            idempotency_key="dashboard-settle",
        ),
        metadata=agents.metadata,
    )

    response = await owner.get(f"/v1/organizations/{org_id}/usage/dashboard", params={"days": 7})
    assert response.status_code == 200, response.text
    body = response.json()
    timeline = body["timeline"]
    assert [d["date"] for d in timeline] == [
        (today - timedelta(days=6 - i)).date().isoformat() for i in range(7)
    ]
    last, before = timeline[-1]["totals"], timeline[-2]["totals"]
    assert (last["runs"], last["input_tokens"], last["agents_created"]) == ("3", "10", "1")
    assert last["credits_consumed"] == "2.5"
    assert before["runs"] == "2"
    assert all(d["totals"]["runs"] == "0" for d in timeline[:-2])
    # The period began today: yesterday's runs fall before it.
    assert body["period"]["runs"] == "3"
    assert body["period"]["credits_consumed"] == "2.5"
    assert body["credits_monthly_allocation"] == "10"
    assert body["credits_available"] == "7.5"  # an unverified owner's: no welcome bonus
    by_kind = {u["kind"]: u for u in body["limits"]}
    assert by_kind["LIMIT_KIND_AGENTS"]["percent"] == 33
    # billing's mesh here has no agents service: the dashboard stands without its figures.
    assert "agents" not in body

    default = (await owner.get(f"/v1/organizations/{org_id}/usage/dashboard")).json()
    assert len(default["timeline"]) == 30


async def test_usage_is_for_viewers_and_above(org: Org, people: People):
    for person in (org.viewer, org.member, org.owner):
        assert (await person.get(f"/v1/organizations/{org.id}/usage")).status_code == 200
        dashboard = await person.get(f"/v1/organizations/{org.id}/usage/dashboard")
        assert dashboard.status_code == 200
    stranger = await people.signup("stranger")
    response = await stranger.get(f"/v1/organizations/{org.id}/usage")
    assert response.status_code == 404
    assert reason(response) == "ORGANIZATION_NOT_FOUND"


async def test_bad_input_is_refused(people: People, agents_channel):
    owner, org_id, agents = await new_org(people, agents_channel)
    assert (await owner.get("/v1/organizations/nope/usage")).status_code == 400
    too_long = await owner.get(f"/v1/organizations/{org_id}/usage/dashboard", params={"days": 400})
    assert too_long.status_code == 400
    assert violated_fields(too_long) == {"days"}
    error, _ = await refusal(agents.check(usage_pb2.LIMIT_KIND_UNSPECIFIED))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    error, _ = await refusal(agents.record("short", runs=1))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    error, _ = await refusal(agents.record("run:bad:cost", cost_usd="1.5e3"))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT

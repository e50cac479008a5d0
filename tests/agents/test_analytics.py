"""Agent analytics through the gateway: the figures of runs made here by a real worker on
the built-in model, checked against the runs' own rows; the rollups after replayed ends;
the exports parsed; who may read each route; bad input."""

from __future__ import annotations

import csv
import io
import json
import math
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from keel_runtime.db import Database
from services.agents.data.analytics import record_run_end
from services.agents.domain import analytics
from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished
from tests.identity.people import People, Person

TOOLS = support.config(tools=[{"name": "current_time"}])
# What each run does on the built-in model (models/builtin.py): an answer; a tool call and
# an answer; a tool call that fails (an unknown zone) and an answer; a tool call, then the
# budget stops the run before the second model call.
RUNS = [
    ({"input": "hello", "budget_credits": "20"}, "RUN_STATUS_COMPLETED"),
    ({"input": "what time is it?", "budget_credits": "20"}, "RUN_STATUS_COMPLETED"),
    (
        {"input": 'call current_time {"timezone": "Nowhere/Zone"}', "budget_credits": "20"},
        "RUN_STATUS_COMPLETED",
    ),
    ({"input": "what time is it?", "budget_credits": "5"}, "RUN_STATUS_FAILED"),
]
ROUTES = ("", "/stats", "/timeline", "/tools", "/tool-executions", "/logs/export")


async def _made(person: Person, agent_id: str) -> list[str]:
    """RUNS started one after another by `person`, each waited for."""
    ids = []
    for body, status in RUNS:
        started = await person.post(f"/v1/agents/{agent_id}/runs", body)
        assert started.status_code == 200, started.text
        done = await finished(person, started.json()["run"]["id"])
        assert done["status"] == status, done
        ids.append(done["id"])
    return ids


@pytest.fixture(scope="module")
async def made(
    edge, runner, billing_db: Database, identity_db: Database
) -> AsyncIterator[tuple[Person, str, list[str]]]:
    """An organization on pro with credits, an agent with `current_time`, and RUNS (a
    client of the module's own: `people`'s lives for one test)."""
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        people = People(http)
        owner = await people.signup("owner")
        org_id = await people.organization(owner)
        await support.set_plan(billing_db, owner, org_id, "pro")
        await support.grant_credits(people, identity_db, org_id, "500")
        agent = await support.create(owner, config=TOOLS)
        yield owner, agent["id"], await _made(owner, agent["id"])


def _get(person: Person, agent_id: str, route: str, **params: Any) -> Any:
    return person.get(f"/v1/agents/{agent_id}/analytics{route}", params=params)


async def _json(person: Person, agent_id: str, route: str, **params: Any) -> dict[str, Any]:
    response = await _get(person, agent_id, route, **params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def _expected(agents_db: Database, agent_id: str) -> dict[str, Any]:
    """The figures computed straight from the runs' rows (the rollups' rounding: a run's
    duration in whole milliseconds)."""
    async with agents_db.unit_of_work() as session:
        rows = (
            await session.execute(
                sa.text("""
            SELECT status, round(1000 * extract(epoch FROM finished_at - started_at))::bigint,
              input_tokens, output_tokens, cached_input_tokens, cost_usd, credits_charged
            FROM runs WHERE agent_id = :agent"""),
                {"agent": uuid.UUID(agent_id)},
            )
        ).all()
        tools = (
            await session.execute(
                sa.text("""
            SELECT s.status, s.duration_ms FROM run_steps s JOIN runs r ON r.id = s.run_id
            WHERE r.agent_id = :agent AND s.kind = 'tool'"""),
                {"agent": uuid.UUID(agent_id)},
            )
        ).all()
    durations = sorted(r[1] for r in rows)
    return {
        "statuses": [r[0] for r in rows], "durations": durations,
        "input": sum(r[2] for r in rows), "output": sum(r[3] for r in rows),
        "cached": sum(r[4] for r in rows), "cost": sum(r[5] for r in rows),
        "credits": sum(r[6] for r in rows), "tools": [(t[0], t[1]) for t in tools],
    }  # fmt: skip


def _nearest_rank(values: list[int], q: float) -> int:
    return values[max(1, math.ceil(q * len(values))) - 1]


def _close(estimate: int, exact: int) -> bool:
    """Within the histogram's 10 % (and a millisecond of rounding)."""
    return abs(estimate - exact) <= 0.1 * exact + 1


async def test_the_stats_are_those_of_the_runs_made(made, agents_db: Database):
    owner, agent_id, _ = made
    stats = (await _json(owner, agent_id, "/stats", window_days=7))["stats"]
    expected = await _expected(agents_db, agent_id)
    today = datetime.now(UTC).date()
    assert stats["window"] == {"days": 7, "first_day": str(today.fromordinal(today.toordinal()
                               - 6)), "last_day": str(today)}  # fmt: skip
    counts = {k: int(stats[k]) for k in ("total_runs", "finished_runs", "completed_runs",
              "failed_runs", "cancelled_runs", "timed_out_runs")}  # fmt: skip
    assert counts == {"total_runs": 4, "finished_runs": 4, "completed_runs": 3,
                      "failed_runs": 1, "cancelled_runs": 0, "timed_out_runs": 0}  # fmt: skip
    assert stats["success_rate"] == 0.75
    durations = expected["durations"]
    assert int(stats["avg_duration_ms"]) == round(sum(durations) / len(durations))
    assert _close(int(stats["p50_duration_ms"]), _nearest_rank(durations, 0.5)), stats
    assert _close(int(stats["p95_duration_ms"]), _nearest_rank(durations, 0.95)), stats
    assert int(stats["input_tokens"]) == expected["input"] > 0
    assert int(stats["output_tokens"]) == expected["output"] > 0
    assert int(stats["total_tokens"]) == expected["input"] + expected["output"]
    assert stats["cost_usd"] == f"{expected['cost']:f}"
    assert stats["credits"] == f"{expected['credits']:f}" == "30.0000"  # 6 model calls at 5


async def test_the_timeline_counts_today_and_every_other_day_is_zero(made):
    owner, agent_id, _ = made
    found = await _json(owner, agent_id, "/timeline", window_days=30)
    days = found["days"]
    assert len(days) == 30 and days[-1]["day"] == found["window"]["last_day"]
    assert days == sorted(days, key=lambda d: d["day"])
    today = {k: int(v) for k, v in days[-1].items() if k != "day"}
    assert today == {"started": 4, "completed": 3, "failed": 1, "cancelled": 0, "timed_out": 0}
    assert all(int(d["started"]) == 0 for d in days[:-1])


async def test_the_tools_are_those_the_runs_called(made, agents_db: Database):
    owner, agent_id, _ = made
    tools = (await _json(owner, agent_id, "/tools", window_days=90))["tools"]
    calls = (await _expected(agents_db, agent_id))["tools"]
    ms = [duration for _, duration in calls]
    assert tools == [{
        "tool": "current_time", "executions": "3",
        "errors": str(sum(status == "failed" for status, _ in calls)),
        "avg_duration_ms": str(round(sum(ms) / len(ms))), "max_duration_ms": str(max(ms)),
    }]  # fmt: skip
    assert tools[0]["errors"] == "1"


async def test_the_dashboard_is_the_three_in_one(made):
    owner, agent_id, _ = made
    whole = await _json(owner, agent_id, "")
    assert whole["stats"] == (await _json(owner, agent_id, "/stats"))["stats"]
    assert whole["timeline"] == (await _json(owner, agent_id, "/timeline"))["days"]
    assert whole["slowest_tools"] == (await _json(owner, agent_id, "/tools"))["tools"]
    assert whole["stats"]["window"]["days"] == 30


async def test_tool_executions_are_paged_newest_first_and_filtered(made):
    owner, agent_id, run_ids = made
    pages, token = [], ""
    while True:
        page = await _json(owner, agent_id, "/tool-executions", page_size=2, page_token=token)
        pages.append(page["executions"])
        token = page["next_page_token"]
        if not token:
            break
    executions = [e for page in pages for e in page]
    assert [len(p) for p in pages] == [2, 1]
    assert {e["run_id"] for e in executions} == set(run_ids[1:])
    ends = [e["finished_at"] for e in executions]
    assert ends == sorted(ends, reverse=True)
    failed = [e for e in executions if e["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["run_id"] == run_ids[2] and failed[0]["error"]
    assert all(
        e["tool"] == "current_time" and e["step_key"].startswith("tool:") for e in executions
    )
    none = await _json(owner, agent_id, "/tool-executions", tool="http_request")
    assert none["executions"] == []


async def test_the_logs_export_as_csv_and_json(made):
    owner, agent_id, run_ids = made
    as_csv = await _get(owner, agent_id, "/logs/export", format="EXPORT_FORMAT_CSV")
    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert tuple(rows[0]) == analytics.LOG_COLUMNS
    assert [r["run_id"] for r in rows] == run_ids[::-1]  # newest first
    assert rows[-1]["output"] == "You said: hello" and rows[-1]["status"] == "completed"
    as_json = await _get(owner, agent_id, "/logs/export")
    assert as_json.headers["content-type"].startswith("application/json")
    lines = json.loads(as_json.text)
    assert [line["run_id"] for line in lines] == run_ids[::-1]
    assert [line["status"] for line in lines] == [r["status"] for r in rows]
    assert sum(int(line["total_tokens"]) for line in lines) > 0
    one = await _get(owner, agent_id, "/logs/export", max_runs=1, format="EXPORT_FORMAT_JSON")
    assert [line["run_id"] for line in json.loads(one.text)] == [run_ids[-1]]


async def test_an_export_of_many_runs_streams_in_pages(made, agents_db: Database):
    """More runs than a page: copies of the made runs written straight into the table."""
    owner, agent_id, run_ids = made
    async with agents_db.unit_of_work() as session:
        await session.execute(
            sa.text("""
            INSERT INTO runs (id, org_id, agent_id, agent_version, thread_id, status, input,
              model, config, timeout_seconds, created_by, created_at, finished_at, reason)
            SELECT gen_random_uuid(), org_id, agent_id, agent_version, thread_id, 'cancelled',
              'copy ' || n, model, config, timeout_seconds, created_by,
              created_at - n * interval '1 second', created_at, 'cancelled'
            FROM runs, generate_series(1, 1200) AS n WHERE id = :run"""),
            {"run": run_ids[0]},
        )
    as_csv = await _get(owner, agent_id, "/logs/export", format="EXPORT_FORMAT_CSV",
                        max_runs=10000)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(rows) == 1204 and len({r["run_id"] for r in rows}) == 1204
    lines = json.loads((await _get(owner, agent_id, "/logs/export", max_runs=1100)).text)
    assert len(lines) == 1100
    stats = (await _json(owner, agent_id, "/stats"))["stats"]
    # Written ended, straight in: no trigger saw them begin or end, so the figures count
    # only the runs made through the service.
    assert int(stats["total_runs"]) == len(run_ids) and int(stats["cancelled_runs"]) == 0


async def test_a_replayed_end_counts_once(made, agents_db: Database):
    owner, agent_id, run_ids = made
    before = await _json(owner, agent_id, "")
    async with agents_db.unit_of_work() as session:
        for run_id in run_ids:  # the end applied again, as a replay would
            assert not await record_run_end(session, uuid.UUID(run_id))
        # The terminal status written a second time (a finish step re-run past its check).
        await session.execute(sa.text("""UPDATE runs SET status = 'running', finished_at = NULL
            WHERE id = :id"""), {"id": uuid.UUID(run_ids[0])})  # fmt: skip
        await session.execute(sa.text("""UPDATE runs SET status = 'completed',
            finished_at = now() WHERE id = :id"""), {"id": uuid.UUID(run_ids[0])})  # fmt: skip
    after = await _json(owner, agent_id, "")
    assert after == before


async def test_an_end_without_its_marker_is_counted_by_one_call_only(made, agents_db):
    """The marker is what makes an end count once: without it (taken away here), the first
    call counts the run again, and the second nothing."""
    owner, agent_id, run_ids = made
    before = (await _json(owner, agent_id, "/stats"))["stats"]
    run = uuid.UUID(run_ids[0])  # "hello": completed, one model call
    forget = sa.text("DELETE FROM analytics_applied WHERE run_id = :id")
    async with agents_db.unit_of_work() as session:
        await session.execute(forget, {"id": run})
    async with agents_db.unit_of_work() as session:
        assert await record_run_end(session, run)
        assert not await record_run_end(session, run)
    after = (await _json(owner, agent_id, "/stats"))["stats"]
    assert int(after["completed_runs"]) == int(before["completed_runs"]) + 1
    assert Decimal(after["credits"]) == Decimal(before["credits"]) + 5


async def test_a_run_cancelled_while_queued_counts_without_a_duration(made, agents_db):
    """An end written by any statement (here as CancelRun writes a queued run's), not only
    by the worker's finish: the trigger counts it."""
    owner, agent_id, run_ids = made
    before = (await _json(owner, agent_id, "/stats"))["stats"]
    queued = uuid.uuid4()
    async with agents_db.unit_of_work() as session:
        await session.execute(sa.text("""
            INSERT INTO runs (id, org_id, agent_id, agent_version, thread_id, status, input,
              model, config, timeout_seconds, created_by)
            SELECT :queued, org_id, agent_id, agent_version, thread_id, 'queued', 'later', model,
              config, timeout_seconds, created_by FROM runs WHERE id = :run"""),
            {"queued": queued, "run": uuid.UUID(run_ids[0])})  # fmt: skip
    async with agents_db.unit_of_work() as session:
        cancel = sa.text("""UPDATE runs SET status = 'cancelled', reason = 'cancelled',
            finished_at = now() WHERE id = :id""")
        await session.execute(cancel, {"id": queued})
    after = (await _json(owner, agent_id, "/stats"))["stats"]
    assert int(after["total_runs"]) == int(before["total_runs"]) + 1
    assert int(after["cancelled_runs"]) == int(before["cancelled_runs"]) + 1
    assert after["avg_duration_ms"] == before["avg_duration_ms"]  # it never ran


# -- who may read ----------------------------------------------------------------------------


async def test_who_may_read_every_route(edge, runner, paying: Org, outsider: Person, people):
    """A member's organization agent: its creator (agents.run) and the admins and owner
    (agents.manage_all) read it; a viewer (sees it, cannot run) and another member (not the
    creator) get 403; another organization's owner 404; no credential 401."""
    other_member = await people.join(paying.owner, paying.id, "ROLE_MEMBER", "member2")
    agent = await support.create(paying.member, visibility="VISIBILITY_ORGANIZATION")
    allowed = {"creator": paying.member, "admin": paying.admin, "owner": paying.owner}
    refused = {"viewer": (paying.viewer, 403), "member": (other_member, 403),
               "outsider": (outsider, 404)}  # fmt: skip
    for route in ROUTES:
        for name, person in allowed.items():
            response = await _get(person, agent["id"], route)
            assert response.status_code == 200, (route, name, response.text)
        for name, (person, status) in refused.items():
            response = await _get(person, agent["id"], route)
            assert response.status_code == status, (route, name, response.text)
            if status == 403:
                assert support.reason(response) == "AGENT_ANALYTICS_DENIED"
        anonymous = await paying.owner.http.get(f"/v1/agents/{agent['id']}/analytics{route}")
        assert anonymous.status_code == 401, (route, anonymous.text)


async def test_single_runs_are_the_callers_own_unless_manage_all(edge, runner, paying: Org):
    agent = await support.create(paying.member, visibility="VISIBILITY_ORGANIZATION", config=TOOLS)
    mine = await paying.member.post(f"/v1/agents/{agent['id']}/runs", {"input": "what time"})
    theirs = await paying.admin.post(f"/v1/agents/{agent['id']}/runs", {"input": "what time"})
    for person, started in ((paying.member, mine), (paying.admin, theirs)):
        assert started.status_code == 200, started.text
        await finished(person, started.json()["run"]["id"])
    mine_id, theirs_id = mine.json()["run"]["id"], theirs.json()["run"]["id"]
    for person, seen in ((paying.member, [mine_id]), (paying.admin, [theirs_id, mine_id])):
        lines = json.loads((await _get(person, agent["id"], "/logs/export")).text)
        assert [line["run_id"] for line in lines] == seen
        executions = (await _json(person, agent["id"], "/tool-executions"))["executions"]
        assert sorted(e["run_id"] for e in executions) == sorted(seen)  # by end: either order
    # The figures are every run's, for both.
    for person in (paying.member, paying.admin):
        assert (await _json(person, agent["id"], "/stats"))["stats"]["total_runs"] == "2"


async def test_an_unknown_agent_is_404(edge, paying: Org):
    for route in ROUTES:
        response = await _get(paying.owner, str(uuid.uuid4()), route)
        assert response.status_code == 404 and support.reason(response) == "AGENT_NOT_FOUND"


@pytest.mark.parametrize(
    ("route", "params"),
    [
        ("/stats", {"window_days": 5}),
        ("/timeline", {"window_days": 365}),
        ("", {"window_days": -7}),
        ("/tools", {"window_days": 1}),
        ("/tools", {"page_token": "not-a-token"}),
        ("/tools", {"page_size": 101}),
        ("/tool-executions", {"page_token": "WyJ4Il0="}),  # ["x"]: not this list's shape
        ("/logs/export", {"format": "EXPORT_FORMAT_XML"}),
        ("/logs/export", {"max_runs": 10001}),
        ("/logs/export", {"window_days": 14}),
    ],
)
async def test_bad_input_is_400(edge, paying: Org, route: str, params: dict[str, Any]):
    agent = await support.create(paying.owner)
    response = await _get(paying.owner, agent["id"], route, **params)
    assert response.status_code == 400, (route, params, response.text)


async def test_a_bad_agent_id_is_400(edge, paying: Org):
    response = await _get(paying.owner, "not-a-uuid", "/stats")
    assert response.status_code == 400, response.text


# -- the percentiles, alone ------------------------------------------------------------------


def _bucket(ms: int) -> int:
    """analytics_bucket, 0-based."""
    return min(analytics.BUCKETS, 1 + math.floor(math.log(max(ms, 1)) / math.log(1.1))) - 1


@pytest.mark.parametrize("durations", [[5], [1, 2, 3], list(range(10, 5000, 37)), [0, 0, 9000]])
def test_percentiles_from_the_histogram_are_within_ten_percent(durations: list[int]):
    histogram = [0] * analytics.BUCKETS
    for ms in durations:
        histogram[_bucket(ms)] += 1
    ordered = sorted(durations)
    for q in (0.5, 0.95):
        estimate = analytics.percentile(histogram, q, ordered[0], ordered[-1])
        assert _close(estimate, _nearest_rank(ordered, q)), (q, estimate)

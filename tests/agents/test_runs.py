"""Runs through the gateway, executed by a real worker process on the built-in model."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from keel.agents.v1 import events_pb2, runs_pb2, runs_pb2_grpc
from keel.events.v1 import events_pb2 as envelope_pb2
from tests.agents import support
from tests.agents.support import Org
from tests.identity.people import People, Person
from tests.support import channels

TERMINAL = {"RUN_STATUS_COMPLETED", "RUN_STATUS_FAILED", "RUN_STATUS_CANCELLED",
            "RUN_STATUS_TIMED_OUT"}  # fmt: skip


async def finished(person: Person, run_id: str, seconds: float = 30) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        response = await person.get(f"/v1/runs/{run_id}")
        assert response.status_code == 200, response.text
        run: dict[str, Any] = response.json()["run"]
        if run["status"] in TERMINAL:
            return run
        assert asyncio.get_running_loop().time() < deadline, f"run still {run['status']}"
        await asyncio.sleep(0.1)


async def test_a_run_answers_on_the_built_in_model_and_is_charged(edge, runner, paying: Org):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "hello there", "budget_credits": "10"}
    )
    assert started.status_code == 200, started.text
    run = started.json()["run"]
    assert run["status"] == "RUN_STATUS_QUEUED"
    done = await finished(paying.owner, run["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"] == "You said: hello there"
    assert done["usage"]["model_calls"] == 1 and done["usage"]["credits"] == "5.0000"
    messages = await paying.owner.get(f"/v1/threads/{run['thread_id']}/messages")
    assert messages.status_code == 200, messages.text
    roles = [(m["role"], m["content"]) for m in messages.json()["messages"]]
    assert roles == [("user", "hello there"), ("assistant", "You said: hello there")]


async def test_a_retried_start_answers_the_same_run(edge, runner, paying: Org):
    agent = await support.create(paying.owner)
    body = {"input": "once", "idempotency_key": "start-once-123", "budget_credits": "10"}
    first = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", body)
    again = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", body)
    assert first.status_code == again.status_code == 200, (first.text, again.text)
    assert first.json()["run"]["id"] == again.json()["run"]["id"]
    other = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", body | {"input": "something else"}
    )
    assert other.status_code == 400 and support.reason(other) == "IDEMPOTENCY_KEY_REUSED"
    await finished(paying.owner, first.json()["run"]["id"])


async def test_the_free_plan_runs_agents_at_fast(edge, runner, org: Org):
    agent = await support.create(org.owner)
    started = await org.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "hi"})
    assert started.status_code == 200, started.text
    done = await finished(org.owner, started.json()["run"]["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED" and done["model"] == "openai/gpt-4o-mini"


async def test_a_second_run_on_a_busy_thread_is_refused(edge, runner, paying: Org, agents_db):
    agent = await support.create(paying.owner)
    first = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "one", "budget_credits": "10"}
    )
    thread = first.json()["run"]["thread_id"]
    # Held in progress: the thread's run is marked running before a worker gets to it.
    second = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs",
        {"input": "two", "thread_id": thread, "budget_credits": "10"},
    )
    done = await finished(paying.owner, first.json()["run"]["id"])
    if second.status_code == 200:  # the first had finished already: the thread was free
        assert done["finished_at"] <= second.json()["run"]["created_at"]
    else:
        assert second.status_code == 409, second.text
        assert support.reason(second) == "THREAD_BUSY"


async def test_strangers_do_not_see_a_run(edge, runner, paying: Org, outsider: Person):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "private", "budget_credits": "10"}
    )
    run_id = started.json()["run"]["id"]
    for stranger in (outsider, paying.viewer):
        seen = await stranger.get(f"/v1/runs/{run_id}")
        assert seen.status_code == 404, seen.text
    assert (await paying.admin.get(f"/v1/runs/{run_id}")).status_code == 200
    await finished(paying.owner, run_id)


async def test_the_events_stream_as_server_sent_events_and_resume(edge, runner, paying: Org):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "stream me", "budget_credits": "10"}
    )
    run_id = started.json()["run"]["id"]
    frames = await _sse(paying.owner, run_id, {})
    types = [f["event"] for f in frames]
    assert types[0] == "run.queued" and types[-1] == "run.completed", types
    assert [int(f["id"]) for f in frames] == list(range(1, len(frames) + 1))
    text = "".join(
        f["data"]["data"].get("text", "") for f in frames if f["event"] == "message.delta"
    )
    assert text == "You said: stream me"
    resumed = await _sse(paying.owner, run_id, {"Last-Event-ID": str(len(frames) - 1)})
    assert [f["id"] for f in resumed] == [frames[-1]["id"]]


async def _sse(person: Person, run_id: str, headers: dict[str, str]) -> list[dict[str, Any]]:

    frames: list[dict[str, Any]] = []
    async with person.http.stream(
        "GET", f"/v1/runs/{run_id}/events", headers=person.headers | headers, timeout=30
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        frame: dict[str, Any] = {}
        async for line in response.aiter_lines():
            if not line:
                if frame:
                    frames.append(frame)
                frame = {}
                continue
            name, _, value = line.partition(": ")
            frame[name] = json.loads(value) if name == "data" else value
    return frames


async def _events(person: Person, run_id: str) -> list[str]:
    return [f["event"] for f in await _sse(person, run_id, {})]


async def waiting_for_people(person: Person, run_id: str) -> dict[str, Any]:
    for _ in range(200):
        run: dict[str, Any] = (await person.get(f"/v1/runs/{run_id}")).json()["run"]
        if run["status"] == "RUN_STATUS_REQUIRES_ACTION":
            return run
        assert run["status"] not in TERMINAL, run
        await asyncio.sleep(0.1)
    raise AssertionError("the run never asked for a person")


def _approved_clock() -> dict[str, Any]:
    return support.config(tools=[{"name": "current_time", "settings": {"requires_approval": True}}])


async def test_a_tool_call_runs_on_the_built_in_model(edge, runner, paying: Org):
    agent = await support.create(
        paying.owner, config=support.config(tools=[{"name": "current_time"}])
    )
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "what time is it?", "budget_credits": "20"}
    )
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"].startswith("The current_time tool returned:")
    assert done["usage"]["model_calls"] == 2 and done["usage"]["tool_calls"] == 1
    messages = await paying.owner.get(f"/v1/threads/{done['thread_id']}/messages")
    roles = [m["role"] for m in messages.json()["messages"]]
    assert roles == ["user", "assistant", "tool", "assistant"]


@pytest.mark.parametrize(
    ("decision", "output", "answer"),
    [
        ("TOOL_DECISION_APPROVE", "", "The current_time tool returned: {"),
        ("TOOL_DECISION_DENY", "not now", 'The current_time tool returned: {"error": "DENIED"'),
        ("TOOL_DECISION_OUTPUT", "teatime", "The current_time tool returned: teatime"),
    ],
)
async def test_a_tool_that_needs_approval_waits_for_a_person(
    edge, runner, paying: Org, decision: str, output: str, answer: str
):
    agent = await support.create(paying.owner, config=_approved_clock())
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "what time is it?", "budget_credits": "20"}
    )
    run = await waiting_for_people(paying.owner, started.json()["run"]["id"])
    (pending,) = run["pending_tool_calls"]
    assert pending["name"] == "current_time"
    path = f"/v1/runs/{run['id']}:submit-tool-outputs"
    wrong = await paying.owner.post(
        path, {"tool_outputs": [{"tool_call_id": "nope", "decision": decision}]}
    )
    assert wrong.status_code == 400 and support.reason(wrong) == "TOOL_OUTPUTS_MISMATCH"
    body = {"tool_outputs": [{"tool_call_id": pending["tool_call_id"], "decision": decision,
                              "output": output}]}  # fmt: skip
    assert (await paying.viewer.post(path, body)).status_code == 404  # not theirs
    answered = await paying.owner.post(path, body)
    assert answered.status_code == 200, answered.text
    again = await paying.owner.post(path, body)
    assert again.status_code == 409 and support.reason(again) == "RUN_NOT_WAITING"
    done = await finished(paying.owner, run["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"].startswith(answer), done["output"]
    assert "run.requires_action" in await _events(paying.owner, run["id"])


async def test_a_run_waiting_for_a_person_can_be_cancelled(edge, runner, paying: Org):
    agent = await support.create(paying.owner, config=_approved_clock())
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "what time is it?", "budget_credits": "20"}
    )
    run = await waiting_for_people(paying.owner, started.json()["run"]["id"])
    cancelled = await paying.owner.post(f"/v1/runs/{run['id']}:cancel")
    assert cancelled.status_code == 200, cancelled.text
    done = await finished(paying.owner, run["id"])
    assert done["status"] == "RUN_STATUS_CANCELLED" and done["reason"] == "cancelled"
    assert done["usage"]["credits"] == "5.0000"  # the one model call before the wait


async def test_busy_thread_policies(edge, runner, paying: Org):
    """A thread waiting on a person is busy: reject refuses, enqueue waits its turn,
    interrupt cancels what is in progress and then runs."""
    agent = await support.create(paying.owner, config=_approved_clock())
    path = f"/v1/agents/{agent['id']}/runs"
    first = await paying.owner.post(path, {"input": "what time is it?", "budget_credits": "20"})
    run = await waiting_for_people(paying.owner, first.json()["run"]["id"])
    thread = {"thread_id": run["thread_id"], "budget_credits": "20"}
    refused = await paying.owner.post(path, {"input": "again", **thread})
    assert refused.status_code == 409 and support.reason(refused) == "THREAD_BUSY"
    queued = await paying.owner.post(
        path, {"input": "after you", "busy_thread": "BUSY_THREAD_POLICY_ENQUEUE", **thread}
    )
    assert queued.status_code == 200, queued.text
    await asyncio.sleep(1.0)  # it must not start while the first waits
    still = (await paying.owner.get(f"/v1/runs/{queued.json()['run']['id']}")).json()["run"]
    assert still["status"] == "RUN_STATUS_QUEUED"
    interrupting = await paying.owner.post(
        path, {"input": "stop all that", "busy_thread": "BUSY_THREAD_POLICY_INTERRUPT", **thread}
    )
    assert interrupting.status_code == 200, interrupting.text
    assert (await finished(paying.owner, run["id"]))["status"] == "RUN_STATUS_CANCELLED"
    assert (await finished(paying.owner, queued.json()["run"]["id"]))[
        "status"
    ] == "RUN_STATUS_CANCELLED"
    last = await finished(paying.owner, interrupting.json()["run"]["id"])
    assert last["status"] == "RUN_STATUS_COMPLETED" and last["output"] == "You said: stop all that"


async def test_a_queued_run_cancelled_ends_at_once_and_releases_its_hold(edge, runner, paying: Org):
    agent = await support.create(paying.owner, config=_approved_clock())
    path = f"/v1/agents/{agent['id']}/runs"
    first = await paying.owner.post(path, {"input": "what time is it?", "budget_credits": "20"})
    run = await waiting_for_people(paying.owner, first.json()["run"]["id"])
    queued = await paying.owner.post(
        path,
        {"input": "later", "thread_id": run["thread_id"], "budget_credits": "7",
         "busy_thread": "BUSY_THREAD_POLICY_ENQUEUE"},
    )  # fmt: skip
    cancelled = await paying.owner.post(f"/v1/runs/{queued.json()['run']['id']}:cancel")
    assert cancelled.json()["run"]["status"] == "RUN_STATUS_CANCELLED"
    assert await _events(paying.owner, queued.json()["run"]["id"]) == [
        "run.queued",
        "run.cancelled",
    ]
    await paying.owner.post(f"/v1/runs/{run['id']}:cancel")
    await finished(paying.owner, run["id"])


async def test_zero_credits_refuses_a_start_and_tells_the_organization_once(
    edge, runner, org: Org, people, billing_db, identity_db, agents_db
):
    await support.set_plan(billing_db, org.owner, org.id, "pro")
    await support.adjust_credits(people, identity_db, org.id, "-20")  # allocation and bonus
    agent = await support.create(org.owner)
    for _ in range(2):
        refused = await org.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "hi"})
        assert refused.status_code == 402, refused.text
        assert support.reason(refused) == "INSUFFICIENT_CREDITS"
    told = await support.count(
        agents_db,
        "SELECT count(*) FROM outbox_events WHERE type = 'organization.credits_exhausted'",
    )
    assert told == 1  # the only organization of this module that ran out
    assert (
        await support.count(
            agents_db, "SELECT count(*) FROM runs WHERE org_id = :org", org=uuid.UUID(org.id)
        )
        == 0
    )


async def test_a_run_that_cannot_progress_fails_once_with_a_reason(edge, runner, paying: Org):
    """An MCP server on a private address (refused by the worker): the model call cannot be
    offered its tools, the run fails, once, and the thread is free again."""
    config = support.config(mcp_servers=[{"name": "inside", "url": "http://10.0.0.1/mcp"}])
    agent = await support.create(paying.owner, config=config)
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "hello", "budget_credits": "10"}
    )
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert (done["status"], done["reason"]) == ("RUN_STATUS_FAILED", "run_error"), done
    events = await _events(paying.owner, done["id"])
    assert events.count("run.failed") == 1 and events[-1] == "run.failed"
    again = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs",
        {"input": "again", "thread_id": done["thread_id"], "budget_credits": "10"},
    )
    assert again.status_code == 200, again.text  # not THREAD_BUSY


async def test_a_run_publishes_its_start_and_its_end(edge, runner, paying: Org, agents_db):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "bus"})
    run_id = started.json()["run"]["id"]
    await finished(paying.owner, run_id)
    published: list[tuple[str, str]] = []
    for _ in range(100):
        async with agents_db.unit_of_work() as session:
            rows = (await session.execute(sa.text(
                "SELECT envelope, published_at FROM outbox_events ORDER BY seq"
            ))).all()  # fmt: skip
        published = []
        for envelope, _ in rows:
            event = envelope_pb2.Event.FromString(envelope)
            payload = events_pb2.RunChanged()
            if event.payload.Unpack(payload) and payload.run_id == run_id:
                published.append((event.type, payload.status))
        if len(published) == 2 and all(p is not None for _, p in rows):
            break
        await asyncio.sleep(0.05)
    assert published == [("run.started", "running"), ("run.completed", "completed")]


async def test_a_public_agent_runs_for_the_callers_organization(
    edge, runner, paying: Org, outsider: Person
):
    """Another organization's member runs a public agent: the run is theirs (their
    organization pays and sees it), not the agent's organization's."""
    agent = await support.create(paying.owner, visibility="VISIBILITY_PUBLIC")
    started = await outsider.post(f"/v1/agents/{agent['id']}/runs", {"input": "from outside"})
    assert started.status_code == 200, started.text
    run = started.json()["run"]
    assert run["org_id"] != paying.id
    done = await finished(outsider, run["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED"
    assert (await paying.owner.get(f"/v1/runs/{run['id']}")).status_code == 404
    private = await support.create(paying.owner)
    refused = await outsider.post(f"/v1/agents/{private['id']}/runs", {"input": "no"})
    assert refused.status_code == 404 and support.reason(refused) == "AGENT_NOT_FOUND"


@pytest.mark.parametrize(
    ("scopes", "status"),
    [(("read:agents",), 403), (("read:agents", "execute:agents"), 200)],
)
async def test_an_api_key_needs_execute_agents_to_run(
    edge, runner, paying: Org, scopes: tuple[str, ...], status: int
):
    agent = await support.create(paying.owner, visibility="VISIBILITY_ORGANIZATION")
    key = await support.api_key(paying.owner, paying.id, *scopes)
    started = await key.post(f"/v1/agents/{agent['id']}/runs", {"input": "by key"})
    assert started.status_code == status, started.text
    if status == 200:
        done = await finished(key, started.json()["run"]["id"])
        assert done["status"] == "RUN_STATUS_COMPLETED"


async def test_a_run_past_its_timeout_ends_timed_out(edge, runner, paying: Org):
    """A run waiting for a person longer than its timeout."""
    agent = await support.create(paying.owner, config=_approved_clock())
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs",
        {"input": "what time is it?", "budget_credits": "20", "timeout_seconds": 2},
    )
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert (done["status"], done["reason"]) == ("RUN_STATUS_TIMED_OUT", "timeout"), done


async def test_a_budget_stops_the_run_before_the_call_that_would_pass_it(edge, runner, paying: Org):
    agent = await support.create(
        paying.owner, config=support.config(tools=[{"name": "current_time"}])
    )
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "what time is it?", "budget_credits": "5"}
    )
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert (done["status"], done["reason"]) == ("RUN_STATUS_FAILED", "budget_exceeded"), done
    assert done["usage"]["model_calls"] == 1 and done["usage"]["credits"] == "5.0000"
    assert done["usage"]["tool_calls"] == 1


async def test_handing_off_to_a_person_leaves_the_thread_waiting(edge, runner, paying: Org):
    agent = await support.create(
        paying.owner, config=support.config(tools=[{"name": "handoff_to_human"}])
    )
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs",
        {"input": 'call handoff_to_human {"reason": "an angry customer"}', "budget_credits": "20"},
    )
    done = await finished(paying.owner, started.json()["run"]["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    thread = await paying.owner.get(f"/v1/threads/{done['thread_id']}")
    assert thread.json()["thread"]["status"] == "waiting_for_human"


async def test_services_watch_a_run_over_grpc(edge, runner, agents, paying: Org):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "watched"})
    run_id = started.json()["run"]["id"]
    claims = paying.owner.access_token.split(".")[1]
    sid = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["sid"]
    metadata = (("x-keel-user-id", paying.owner.user_id), ("x-keel-session-id", sid))
    async with channels.channel(agents.address) as channel:
        stream = runs_pb2_grpc.RunServiceStub(channel).WatchRun(
            runs_pb2.WatchRunRequest(run_id=run_id), metadata=metadata, timeout=30
        )
        events = [reply.event async for reply in stream]
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].type == "run.queued" and events[-1].type == "run.completed"


async def test_past_the_plans_rate_a_start_is_429_with_retry_after(edge, runner, org: Org):
    """The free plan: 10 runs an hour (and 10 agent-run requests a minute)."""
    agent = await support.create(org.owner)
    path = f"/v1/agents/{agent['id']}/runs"
    for n in range(10):  # one after the other: the free plan runs 2 at once
        started = await org.owner.post(path, {"input": f"run {n}", "budget_credits": "1"})
        assert started.status_code == 200, started.text
        await finished(org.owner, started.json()["run"]["id"])
    refused = await org.owner.post(path, {"input": "one too many", "budget_credits": "1"})
    assert refused.status_code == 429, refused.text
    assert support.reason(refused) in {"ORG_RUN_RATE_LIMITED", "AI_RATE_LIMITED"}
    assert int(refused.headers["retry-after"]) >= 1


async def test_the_plan_limits_the_runs_in_progress_at_once(edge, runner, org: Org):
    """The free plan: 2 at once. Two runs waiting for a person take both places."""
    agent = await support.create(org.owner, config=_approved_clock())
    path = f"/v1/agents/{agent['id']}/runs"
    waiting = []
    for _ in range(2):
        started = await org.owner.post(path, {"input": "what time is it?", "budget_credits": "5"})
        assert started.status_code == 200, started.text
        waiting.append(await waiting_for_people(org.owner, started.json()["run"]["id"]))
    refused = await org.owner.post(path, {"input": "a third", "budget_credits": "5"})
    assert refused.status_code == 429, refused.text
    assert support.reason(refused) == "ORG_CONCURRENT_RUN_LIMIT_EXCEEDED"
    assert int(refused.headers["retry-after"]) >= 1
    await org.owner.post(f"/v1/runs/{waiting[0]['id']}:cancel")
    await finished(org.owner, waiting[0]["id"])
    again = await org.owner.post(path, {"input": "a third", "budget_credits": "5"})
    assert again.status_code == 200, again.text
    await org.owner.post(f"/v1/runs/{waiting[1]['id']}:cancel")
    await org.owner.post(f"/v1/runs/{again.json()['run']['id']}:cancel")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"input": ""}, "input"),
        ({"input": "x" * 32001}, "input"),
        ({"input": "hi", "budget_credits": "-1"}, "budget_credits"),
        ({"input": "hi", "timeout_seconds": 3601}, "timeout_seconds"),
        ({"input": "hi", "thread_id": "not-a-uuid"}, "thread_id"),
        ({"input": "hi", "idempotency_key": "short"}, "idempotency_key"),
    ],
)
async def test_a_bad_start_is_400_and_writes_nothing(
    edge, runner, paying: Org, agents_db, body: dict[str, Any], field: str
):
    agent = await support.create(paying.owner)
    refused = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", body)
    assert refused.status_code == 400, refused.text
    assert field in refused.text
    assert (
        await support.count(
            agents_db, "SELECT count(*) FROM runs WHERE agent_id = :id", id=uuid.UUID(agent["id"])
        )
        == 0
    )


async def test_runs_of_an_unknown_agent_or_run_are_404(edge, runner, paying: Org):
    nobody = str(uuid.uuid4())
    started = await paying.owner.post(f"/v1/agents/{nobody}/runs", {"input": "hi"})
    assert started.status_code == 404 and support.reason(started) == "AGENT_NOT_FOUND"
    for path in (f"/v1/runs/{nobody}", f"/v1/threads/{nobody}", f"/v1/threads/{nobody}/messages"):
        assert (await paying.owner.get(path)).status_code == 404, path
    cancelled = await paying.owner.post(f"/v1/runs/{nobody}:cancel")
    assert cancelled.status_code == 404 and support.reason(cancelled) == "RUN_NOT_FOUND"


async def test_anonymous_callers_reach_no_run_route(edge, runner, paying: Org):
    agent = await support.create(paying.owner)
    anonymous = paying.owner.http
    assert (await anonymous.post(f"/v1/agents/{agent['id']}/runs", json={"input": "hi"})
            ).status_code == 401  # fmt: skip
    for path in ("/v1/threads", f"/v1/agents/{agent['id']}/runs"):
        assert (await anonymous.get(path)).status_code == 401, path


async def test_a_new_organizations_first_run_needs_no_budget(edge, runner, people: People):
    """Before the welcome bonus (an address not verified yet), the free plan's 10 credits
    hold a run's first two calls: a start without a budget is not refused for credits."""
    owner = await people.signup("newcomer")
    org_id = await people.organization(owner)
    agent = await support.create(owner)
    started = await owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "hello"})
    assert started.status_code == 200, started.text
    assert started.json()["run"]["credits_held"] == "10.0000"
    done = await finished(owner, started.json()["run"]["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    balance = await owner.get(f"/v1/organizations/{org_id}/credits")
    assert balance.json()["balance"]["available"] == "5", balance.text  # one call charged

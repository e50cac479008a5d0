"""Share links through the gateway: managed by those who may change the agent, visited
anonymously, runs billed to the owning organization, every limit and closed state."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
import sqlalchemy as sa

from tests.agents import support
from tests.agents.support import Org
from tests.identity.people import Person

TERMINAL = {"RUN_STATUS_COMPLETED", "RUN_STATUS_FAILED", "RUN_STATUS_CANCELLED",
            "RUN_STATUS_TIMED_OUT"}  # fmt: skip


async def share(person: Person, agent_id: str, **settings: Any) -> dict[str, Any]:
    made = await person.post(f"/v1/agents/{agent_id}/share-links", settings)
    assert made.status_code == 200, made.text
    link: dict[str, Any] = made.json()["share_link"]
    return link


async def visit(http: httpx.AsyncClient, share_id: str, text: str = "hi") -> httpx.Response:
    return await http.post(f"/v1/share/{share_id}/runs", json={"input": text})


async def finished(
    http: httpx.AsyncClient, share_id: str, run_id: str, token: str
) -> dict[str, Any]:
    for _ in range(300):
        seen = await http.get(f"/v1/share/{share_id}/runs/{run_id}", params={"run_token": token})
        assert seen.status_code == 200, seen.text
        run: dict[str, Any] = seen.json()["run"]
        if run["status"] in TERMINAL:
            return run
        await asyncio.sleep(0.1)
    raise AssertionError(f"run still {run['status']}")


async def frames(http: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    async with http.stream("GET", path, params=params, timeout=30) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        frame: dict[str, Any] = {}
        async for line in response.aiter_lines():
            if not line:
                if frame:
                    found.append(frame)
                frame = {}
                continue
            name, _, value = line.partition(": ")
            frame[name] = json.loads(value) if name == "data" else value
    return found


async def balance(person: Person, org_id: str) -> str:
    answer = await person.get(f"/v1/organizations/{org_id}/credits")
    assert answer.status_code == 200, answer.text
    found: str = answer.json()["balance"]["balance"]
    return found


async def charged(person: Person, org_id: str, before: str) -> float:
    """What the organization's balance went down by since `before`, once it has."""
    for _ in range(100):
        spent = float(before) - float(await balance(person, org_id))
        if spent:
            return spent
        await asyncio.sleep(0.1)
    return 0.0


async def test_a_visitor_sees_the_agent_runs_it_and_reads_its_events_billed_to_the_owner(
    edge, runner, paying: Org, http: httpx.AsyncClient
):
    agent = await support.create(paying.owner, description="Answers questions.")
    link = await share(paying.owner, agent["id"], greeting="Ask me anything", label="site")
    assert len(link["id"]) >= 22 and link["state"] == "SHARE_LINK_STATE_ACTIVE"
    before = await balance(paying.owner, paying.id)

    face = await http.get(f"/v1/share/{link['id']}")
    assert face.status_code == 200, face.text
    assert face.json()["agent"] == {
        "share_id": link["id"], "name": agent["name"], "description": "Answers questions.",
        "avatar_url": "", "greeting": "Ask me anything",
    }  # fmt: skip
    started = await visit(http, link["id"], "hello there")
    assert started.status_code == 200, started.text
    run, token = started.json()["run"], started.json()["run_token"]
    done = await finished(http, link["id"], run["id"], token)
    assert done["status"] == "RUN_STATUS_COMPLETED" and done["output"] == "You said: hello there"
    events = await frames(http, f"/v1/share/{link['id']}/runs/{run['id']}/events", run_token=token)
    assert events[0]["event"] == "run.queued" and events[-1]["event"] == "run.completed"

    # Billed to the organization that owns the link, recorded as its creator's run.
    assert await charged(paying.owner, paying.id, before) == 5
    owned = await paying.owner.get(f"/v1/runs/{run['id']}")
    assert owned.status_code == 200, owned.text
    assert owned.json()["run"]["metadata"] == {"share_link_id": link["id"]}
    assert owned.json()["run"]["org_id"] == paying.id
    listed = await paying.owner.get(f"/v1/agents/{agent['id']}/share-links")
    (counted,) = listed.json()["share_links"]
    assert (counted["view_count"], counted["run_count"]) == ("1", "1")
    assert counted["last_viewed_at"] and counted["last_run_at"]


def _error(response: httpx.Response, status: int, reason: str) -> None:
    assert response.status_code == status, response.text
    assert support.reason(response) == reason, response.text


async def _closed(http: httpx.AsyncClient, share_id: str, status: int, reason: str) -> None:
    """Every visitor route of the link answers `status` and `reason`."""
    _error(await http.get(f"/v1/share/{share_id}"), status, reason)
    _error(await visit(http, share_id), status, reason)


async def _expire(agents_db, share_id: str) -> None:
    async with agents_db.unit_of_work() as session:
        await session.execute(
            sa.text(
                "UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = :id"
            ),
            {"id": share_id},
        )


async def _state(person: Person, agent_id: str, share_id: str) -> str:
    listed = await person.get(f"/v1/agents/{agent_id}/share-links")
    assert listed.status_code == 200, listed.text
    found = {link["id"]: link["state"] for link in listed.json()["share_links"]}
    return found.get(share_id, "not listed")


async def test_an_expired_link_answers_expired_until_its_expiry_moves(
    edge, paying: Org, http: httpx.AsyncClient, agents_db
):
    agent = await support.create(paying.owner)
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    link = await share(paying.owner, agent["id"], expires_at=soon)
    assert link["expires_at"]
    await _expire(agents_db, link["id"])
    await _closed(http, link["id"], 400, "SHARE_LINK_EXPIRED")
    assert await _state(paying.owner, agent["id"], link["id"]) == "SHARE_LINK_STATE_EXPIRED"
    # Never expiring again: the mask names the field left out.
    moved = await paying.owner.patch(f"/v1/share-links/{link['id']}", {"update_mask": "expires_at"})
    assert moved.status_code == 200, moved.text
    assert "expires_at" not in moved.json()["share_link"]
    assert (await http.get(f"/v1/share/{link['id']}")).status_code == 200


async def test_a_revoked_link_is_kept_and_listed_inactive(
    edge, paying: Org, http: httpx.AsyncClient
):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"])
    revoked = await paying.owner.post(f"/v1/share-links/{link['id']}:revoke")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["share_link"]["state"] == "SHARE_LINK_STATE_REVOKED"
    again = await paying.owner.post(f"/v1/share-links/{link['id']}:revoke")
    assert again.json()["share_link"]["revoked_at"] == revoked.json()["share_link"]["revoked_at"]
    await _closed(http, link["id"], 403, "SHARE_LINK_REVOKED")
    assert await _state(paying.owner, agent["id"], link["id"]) == "SHARE_LINK_STATE_REVOKED"
    changed = await paying.owner.patch(f"/v1/share-links/{link['id']}", {"greeting": "back?"})
    _error(changed, 400, "SHARE_LINK_REVOKED")


async def test_a_deleted_link_is_gone(edge, paying: Org, http: httpx.AsyncClient):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"])
    deleted = await paying.owner.delete(f"/v1/share-links/{link['id']}")
    assert deleted.status_code == 200, deleted.text
    await _closed(http, link["id"], 404, "SHARE_LINK_NOT_FOUND")
    await _closed(http, "A" * 32, 404, "SHARE_LINK_NOT_FOUND")  # never made
    assert await _state(paying.owner, agent["id"], link["id"]) == "not listed"
    for method, path in (("PATCH", ""), ("DELETE", ""), ("POST", ":revoke")):
        again = await paying.owner.http.request(
            method, f"/v1/share-links/{link['id']}{path}", json={}, headers=paying.owner.headers
        )
        _error(again, 404, "SHARE_LINK_NOT_FOUND")


async def test_the_max_runs_cap_holds_for_32_visitors_at_once(
    edge, runner, paying: Org, http: httpx.AsyncClient, agents_db
):
    agent = await support.create(paying.owner)
    # Within the plan's 5 runs at once; the rates out of the way.
    link = await share(paying.owner, agent["id"], max_runs=4, runs_per_minute=1000,
                       visitor_runs_per_minute=1000)  # fmt: skip
    answers = await asyncio.gather(*(visit(http, link["id"], f"visitor {n}") for n in range(32)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] * 4 + [429] * 28, [a.text for a in answers if a.status_code != 429]
    assert {support.reason(a) for a in answers if a.status_code == 429} == {"SHARE_LINK_RUN_LIMIT"}
    async with agents_db.unit_of_work() as session:
        runs = (await session.execute(
            sa.text("SELECT count(*) FROM runs WHERE agent_id = CAST(:agent AS uuid)"),
            {"agent": agent["id"]},
        )).scalar()  # fmt: skip
    assert runs == 4
    assert await _state(paying.owner, agent["id"], link["id"]) == "SHARE_LINK_STATE_EXHAUSTED"
    assert (await http.get(f"/v1/share/{link['id']}")).status_code == 200  # still on view
    for answer in answers:
        if answer.status_code == 200:
            started = answer.json()
            await finished(http, link["id"], started["run"]["id"], started["run_token"])
    # A higher cap opens it again; a lower one than the runs made is refused.
    lower = await paying.owner.patch(f"/v1/share-links/{link['id']}", {"max_runs": 3})
    _error(lower, 400, "BELOW_RUN_COUNT")
    higher = await paying.owner.patch(f"/v1/share-links/{link['id']}", {"max_runs": 5})
    assert higher.json()["share_link"]["state"] == "SHARE_LINK_STATE_ACTIVE"


async def test_a_link_s_rate_limit(edge, runner, paying: Org, http: httpx.AsyncClient):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"], runs_per_minute=2, visitor_runs_per_minute=100)
    first, second, third = [await visit(http, link["id"]) for _ in range(3)]
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    _error(third, 429, "SHARE_LINK_RATE_LIMITED")
    assert int(third.headers["retry-after"]) >= 1
    listed = await paying.owner.get(f"/v1/agents/{agent['id']}/share-links")
    assert listed.json()["share_links"][0]["run_count"] == "2"  # the refused one not counted
    for started in (first.json(), second.json()):
        await finished(http, link["id"], started["run"]["id"], started["run_token"])


async def test_a_visitor_address_s_rate_limit(edge, runner, agents, paying: Org):
    """Per address, as Envoy saw it (x-envoy-external-address): called as the gateway."""
    from keel.agents.v1 import share_links_pb2 as pb
    from keel.agents.v1 import share_links_pb2_grpc
    from tests.support import channels

    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"], runs_per_minute=100, visitor_runs_per_minute=1)
    async with channels.channel(agents.address) as channel:
        stub = share_links_pb2_grpc.SharedAgentServiceStub(channel)

        async def start(address: str) -> Any:
            request = pb.StartSharedRunRequest(share_id=link["id"], input="hi")
            metadata = (("x-envoy-external-address", address),)
            try:
                return await stub.StartSharedRun(request, metadata=metadata)
            except grpc.aio.AioRpcError as error:
                return error

        first = await start("203.0.113.7")
        assert isinstance(first, pb.StartSharedRunResponse), first
        again = await start("203.0.113.7")
        assert isinstance(again, grpc.aio.AioRpcError)
        assert again.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "SHARE_VISITOR_RATE_LIMITED" in str(again.details()) or _reason(again) == (
            "SHARE_VISITOR_RATE_LIMITED"
        )
        assert int(dict(again.trailing_metadata() or ())["retry-after"]) >= 1
        other = await start("2001:db8::1")
        assert isinstance(other, pb.StartSharedRunResponse), other
    http = paying.owner.http
    for started in (first, other):
        await finished(http, link["id"], started.run.id, started.run_token)


async def test_a_visitor_cannot_claim_another_address(
    edge, runner, paying: Org, http: httpx.AsyncClient
):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"], runs_per_minute=100, visitor_runs_per_minute=1)
    path = f"/v1/share/{link['id']}/runs"
    answers = [
        await http.post(path, json={"input": "hi"}, headers={
            "x-envoy-external-address": address, "x-forwarded-for": address})
        for address in ("198.51.100.1", "198.51.100.2")
    ]  # fmt: skip
    assert answers[0].status_code == 200, answers[0].text
    _error(answers[1], 429, "SHARE_VISITOR_RATE_LIMITED")
    started = answers[0].json()
    await finished(http, link["id"], started["run"]["id"], started["run_token"])


def _reason(error: grpc.aio.AioRpcError) -> str:
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    status = rpc_status.from_call(error)
    info = error_details_pb2.ErrorInfo()
    for detail in status.details if status else ():
        if detail.Unpack(info):
            return info.reason
    return ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"max_runs": -1}, "max_runs"),
        ({"runs_per_minute": 10001}, "runs_per_minute"),
        ({"visitor_runs_per_minute": -5}, "visitor_runs_per_minute"),
        ({"label": "x" * 101}, "label"),
        ({"greeting": "x" * 2001}, "greeting"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
    ],
)
async def test_bad_settings_are_refused_naming_the_field_and_nothing_is_written(
    edge, org: Org, body: dict[str, Any], field: str
):
    agent = await support.create(org.owner)
    made = await org.owner.post(f"/v1/agents/{agent['id']}/share-links", body)
    assert made.status_code == 400, made.text
    assert field in _fields(made), made.text
    link = await share(org.owner, agent["id"])
    changed = await org.owner.patch(f"/v1/share-links/{link['id']}", body)
    assert changed.status_code == 400, changed.text
    assert field in _fields(changed), changed.text
    listed = (await org.owner.get(f"/v1/agents/{agent['id']}/share-links")).json()
    assert [(x["id"], x["label"], x["greeting"], x["max_runs"]) for x in listed["share_links"]] == [
        (link["id"], "", "", 0)
    ]


async def test_a_bad_visitor_input_is_refused_and_counts_nothing(
    edge, paying: Org, http: httpx.AsyncClient
):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"])
    for body in ({"input": ""}, {"input": "x" * 32001}):
        refused = await http.post(f"/v1/share/{link['id']}/runs", json=body)
        assert refused.status_code == 400 and "input" in _fields(refused), refused.text
    listed = (await paying.owner.get(f"/v1/agents/{agent['id']}/share-links")).json()
    assert listed["share_links"][0]["run_count"] == "0"


def _fields(response: httpx.Response) -> set[str]:
    return {
        violation["field"]
        for detail in response.json().get("details", [])
        for violation in detail.get("field_violations", [])
    }


async def test_a_visitor_reaches_their_run_and_nothing_else(
    edge, runner, paying: Org, http: httpx.AsyncClient
):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"], visitor_runs_per_minute=100)
    other = await share(paying.owner, agent["id"])
    mine, theirs = [(await visit(http, link["id"])).json() for _ in range(2)]
    run_id, token = mine["run"]["id"], mine["run_token"]
    await finished(http, link["id"], run_id, token)
    await finished(http, link["id"], theirs["run"]["id"], theirs["run_token"])
    refused = [
        (f"/v1/share/{link['id']}/runs/{theirs['run']['id']}", token),  # another visitor's
        (f"/v1/share/{link['id']}/runs/{run_id}", theirs["run_token"]),
        (f"/v1/share/{link['id']}/runs/{run_id}", "not-the-token"),
        (f"/v1/share/{other['id']}/runs/{run_id}", token),  # through another link
    ]
    for path, key in refused:
        for suffix in ("", "/events"):
            answer = await http.get(path + suffix, params={"run_token": key})
            _error(answer, 404, "RUN_NOT_FOUND")
    # The run token is no credential: the rest of the API wants one.
    for path in (f"/v1/runs/{run_id}", f"/v1/runs/{run_id}/events", f"/v1/agents/{agent['id']}",
                 f"/v1/threads/{mine['run']['id']}", f"/v1/agents/{agent['id']}/share-links",
                 f"/v1/agents/{agent['id']}/runs"):  # fmt: skip
        assert (await http.get(path)).status_code == 401, path
        bearer = await http.get(path, headers={"authorization": f"Bearer {token}"})
        assert bearer.status_code == 401, path
    assert (
        await http.post(f"/v1/agents/{agent['id']}/runs", json={"input": "x"})
    ).status_code == 401
    revoke = await http.post(f"/v1/share-links/{link['id']}:revoke", json={})
    assert revoke.status_code == 401


async def test_settings_change_and_show(edge, paying: Org, http: httpx.AsyncClient):
    agent = await support.create(paying.owner)
    link = await share(paying.owner, agent["id"], label="docs", greeting="Hello")
    assert (link["runs_per_minute"], link["visitor_runs_per_minute"], link["max_runs"]) == (
        60,
        10,
        0,
    )
    changed = await paying.owner.patch(
        f"/v1/share-links/{link['id']}",
        {"greeting": "Welcome", "max_runs": 10, "runs_per_minute": 5, "update_mask": "label"},
    )
    assert changed.status_code == 200, changed.text
    saved = changed.json()["share_link"]
    assert (saved["label"], saved["greeting"], saved["max_runs"], saved["runs_per_minute"]) == (
        "",
        "Welcome",
        10,
        5,
    )
    face = (await http.get(f"/v1/share/{link['id']}")).json()["agent"]
    assert face["greeting"] == "Welcome"
    # Pages, newest first.
    second = await share(paying.owner, agent["id"])
    page = (await paying.owner.get(f"/v1/agents/{agent['id']}/share-links?page_size=1")).json()
    assert [x["id"] for x in page["share_links"]] == [second["id"]]
    rest = await paying.owner.get(
        f"/v1/agents/{agent['id']}/share-links",
        params={"page_size": 1, "page_token": page["next_page_token"]},
    )
    assert [x["id"] for x in rest.json()["share_links"]] == [link["id"]]


README = Path(__file__).resolve().parents[2] / "services" / "agents" / "README.md"


def _readme_block() -> str:
    section = README.read_text().split("## Share links", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README lost its share links walk-through"
    return match.group(1)


async def test_the_readme_walk_through_works(edge, runner, paying: Org):
    env = {**os.environ, "GW": edge.url, "TOKEN": paying.owner.access_token}
    run = await asyncio.to_thread(
        subprocess.run, ["bash", "-c", "set -euo pipefail\n" + _readme_block()], env=env,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    lines = run.stdout.strip().splitlines()
    assert lines[0] == "Ask me about your order"
    events = [line for line in lines if line.startswith("event:")]
    assert events[0] == "event: run.queued" and events[-1] == "event: run.completed"
    assert lines[len(events) + 1 :] == [
        "You said: Where is my order?", "1", "Hello!", "SHARE_LINK_STATE_REVOKED", "403", "{}",
        "404",
    ]  # fmt: skip

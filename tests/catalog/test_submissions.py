"""Template submissions and their review, through the gateway: catalog asks the real agents
service for the agent; the state machine, one pending submission per agent (also under
concurrency), approvals publishing a template and then its next version, who may call each
route, the events, and bad input.

This module's mesh adds billing and agents to catalog's: agents starts first (it does not
need catalog here), catalog with agents's address.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
import sqlalchemy as sa

from keel.agents.v1 import agents_pb2, agents_pb2_grpc
from keel.catalog.v1 import events_pb2
from keel.events.v1 import events_pb2 as envelope_pb2
from keel_runtime.db import Database
from tests.catalog.support import Org, forwarded, lean, reason
from tests.identity.people import People, Person
from tests.support import channels
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess, service, service_settings

SUBMISSIONS = "/v1/template-submissions"
ADMIN = "/v1/admin/template-submissions"
PROMPT = "You answer questions about our orders, politely."


# --- the mesh ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def billing(
    new_database: Callable[[str], str], redis_server, identity: ServiceProcess, tmp_path_factory
) -> Iterator[ServiceProcess]:
    env = service_settings("billing", new_database("billing"), redis_server.url, identity.address)
    with service("billing", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
def agents(
    new_database: Callable[[str], str],
    redis_server,
    identity: ServiceProcess,
    billing: ServiceProcess,
    tmp_path_factory,
) -> Iterator[ServiceProcess]:
    env = service_settings(
        "agents",
        new_database("agents"),
        redis_server.url,
        identity.address,
        KEEL_BILLING_ADDR=billing.address,
    )
    with service("agents", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
def catalog_mesh_env(
    new_database: Callable[[str], str],
    redis_server,
    identity: ServiceProcess,
    agents: ServiceProcess,
) -> dict[str, str]:
    return service_settings(
        "catalog",
        new_database("catalog"),
        redis_server.url,
        identity.address,
        KEEL_AGENTS_ADDR=agents.address,
    )


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess,
    billing: ServiceProcess,
    agents: ServiceProcess,
    catalog: ServiceProcess,
    tmp_path_factory,
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy")
    upstreams = {
        "identity": identity.address,
        "billing": billing.address,
        "agents": agents.address,
        "catalog": catalog.address,
    }
    async with envoy_gateway(home, upstreams) as gateway:
        yield gateway


@pytest.fixture
async def anonymous(edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as client:
        yield client


# --- helpers ----------------------------------------------------------------------------


async def make_agent(person: Person, prompt: str = PROMPT, **values: Any) -> dict[str, Any]:
    body = {
        "name": "Order helper",
        "description": "Answers order questions.",
        "visibility": "VISIBILITY_ORGANIZATION",
        "config": {
            "system_prompt": prompt,
            "model": {"quality": "MODEL_QUALITY_FAST"},
            "tools": [{"name": "knowledge_search"}],
            "mcp_servers": [{"name": "crm", "url": "https://mcp.example.com/crm"}],
            "knowledge_base_tags": ["orders"],
            "triggers": [{"kind": "TRIGGER_KIND_CHANNEL_MESSAGE", "channel": "webchat"}],
        },
        **values,
    }
    made = await person.post("/v1/agents", body)
    assert made.status_code == 200, made.text
    agent: dict[str, Any] = made.json()["agent"]
    return agent


def proposal(agent_id: str, **values: Any) -> dict[str, Any]:
    return {
        "agent_id": agent_id,
        "name": "Order Status Helper",
        "description": "Tells customers where their order is.",
        "category": "customer-service",
        "use_cases": ["Order status questions", "Delivery delays"],
        "tags": ["orders", "support"],
        **values,
    }


async def submit(person: Person, agent_id: str, **values: Any) -> dict[str, Any]:
    made = await person.post(SUBMISSIONS, proposal(agent_id, **values))
    assert made.status_code == 200, made.text
    submission: dict[str, Any] = made.json()["submission"]
    return submission


async def approve(admin: Person, submission_id: str, notes: str = "") -> dict[str, Any]:
    done = await admin.post(f"{ADMIN}/{submission_id}:approve", {"notes": notes})
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    return body


def metadata(response: httpx.Response) -> dict[str, str]:
    for detail in response.json().get("details", []):
        if detail.get("@type", "").endswith("google.rpc.ErrorInfo"):
            return dict(detail.get("metadata", {}))
    return {}


def fields(response: httpx.Response) -> set[str]:
    """The fields a 400 names (BadRequest field violations)."""
    for detail in response.json().get("details", []):
        if detail.get("@type", "").endswith("google.rpc.BadRequest"):
            return {v["field"] for v in detail.get("field_violations", [])}
    return set()


async def rows_of(catalog_db: Database, agent_id: str) -> list[Any]:
    async with catalog_db.unit_of_work() as session:
        result = await session.execute(
            sa.text("SELECT id, state FROM template_submissions WHERE agent_id = :a"),
            {"a": uuid.UUID(agent_id)},
        )
        return list(result.all())


@pytest.fixture
async def agent(org: Org) -> dict[str, Any]:
    """An organization agent the org's member made."""
    return await make_agent(org.member)


# --- submitting ---------------------------------------------------------------------------


async def test_a_member_submits_their_agent_with_its_latest_version(org: Org, agent):
    changed = await org.member.patch(
        f"/v1/agents/{agent['id']}",
        {"config": {"system_prompt": "Version two.", "model": {"name": "openai/gpt-4o-mini"}}},
    )
    assert changed.status_code == 200, changed.text
    submission = await submit(org.member, agent["id"])
    assert submission["state"] == "SUBMISSION_STATE_PENDING"
    assert (submission["agent_version"], submission["org_id"], submission["submitted_by"]) == (
        2, org.id, org.member.user_id
    )  # fmt: skip
    assert submission["config"]["system_prompt"] == "Version two."
    assert submission["config"]["model"]["id"] == "openai/gpt-4o-mini"
    assert submission["config"]["metadata"]["use_cases"] == [
        "Order status questions", "Delivery delays"
    ]  # fmt: skip

    read = await org.member.get(f"{SUBMISSIONS}/{submission['id']}")
    assert read.status_code == 200 and read.json()["submission"]["id"] == submission["id"]
    listed = await org.member.get(SUBMISSIONS)
    assert [s["id"] for s in listed.json()["submissions"]] == [submission["id"]]
    assert "config" not in listed.json()["submissions"][0]


async def test_the_agent_config_becomes_a_template_config(org: Org, agent):
    config = lean((await submit(org.member, agent["id"]))["config"])
    assert config["model"] == {"quality": "MODEL_QUALITY_FAST"}
    assert config["tools"] == [
        {"name": "knowledge_search", "kind": "TOOL_KIND_BUILTIN"},
        {"name": "crm", "kind": "TOOL_KIND_MCP",
         "mcp_server": {"name": "crm", "url": "https://mcp.example.com/crm"}},
    ]  # fmt: skip
    assert config["metadata"]["knowledge_base_tags"] == ["orders"]
    assert config["triggers"] == [{"kind": "TRIGGER_KIND_CHANNEL_MESSAGE", "channel": "webchat"}]


async def test_who_may_submit_an_agent(org: Org, agent, outsider: Person):
    # Submitting is managing the agent: the org's admin may, a member who did not make it
    # may not (they see it), a viewer may not; another organization's owner does not see it.
    other_member = await People(org.member.http).join(org.owner, org.id, "ROLE_MEMBER")
    refused = await other_member.post(SUBMISSIONS, proposal(agent["id"]))
    assert refused.status_code == 403, refused.text
    viewer = await org.viewer.post(SUBMISSIONS, proposal(agent["id"]))
    assert viewer.status_code == 403, viewer.text
    stranger = await outsider.post(SUBMISSIONS, proposal(agent["id"]))
    assert stranger.status_code == 404 and reason(stranger) == "AGENT_NOT_FOUND"
    assert (await submit(org.admin, agent["id"]))["submitted_by"] == org.admin.user_id


async def test_one_pending_submission_per_agent(org: Org, agent, catalog_db):
    first = await submit(org.member, agent["id"])
    again = await org.member.post(SUBMISSIONS, proposal(agent["id"]))
    assert again.status_code == 409 and reason(again) == "SUBMISSION_PENDING"
    assert metadata(again)["submission_id"] == first["id"]
    assert (await org.member.delete(f"{SUBMISSIONS}/{first['id']}")).status_code == 200
    second = await submit(org.member, agent["id"])  # withdrawn: a new one may be pending
    assert second["id"] != first["id"]
    assert sorted(state for _, state in await rows_of(catalog_db, agent["id"])) == [
        "pending", "withdrawn"
    ]  # fmt: skip


async def test_concurrent_submits_of_one_agent_leave_one_pending(org: Org, agent, catalog_db):
    answers = await asyncio.gather(
        *(org.member.post(SUBMISSIONS, proposal(agent["id"])) for _ in range(8))
    )
    assert sorted(a.status_code for a in answers) == [200] + [409] * 7
    assert {reason(a) for a in answers if a.status_code == 409} == {"SUBMISSION_PENDING"}
    assert [state for _, state in await rows_of(catalog_db, agent["id"])] == ["pending"]


# --- the state machine --------------------------------------------------------------------


async def _in_state(org: Org, admin: Person, state: str, agent_id: str = "") -> dict[str, Any]:
    """A submission of the owner's (of a new agent, or of `agent_id`) moved to `state`."""
    submission = await submit(org.owner, agent_id or (await make_agent(org.owner))["id"])
    path = submission["id"]
    if state == "approved":
        await approve(admin, path)
    elif state == "rejected":
        done = await admin.post(f"{ADMIN}/{path}:reject", {"reason": "Too thin."})
        assert done.status_code == 200, done.text
    elif state == "withdrawn":
        assert (await org.owner.delete(f"{SUBMISSIONS}/{path}")).status_code == 200
    return submission


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn"])
async def test_a_settled_submission_moves_no_more(org: Org, platform_admin, catalog_db, state):
    submission = await _in_state(org, platform_admin, state)
    path = submission["id"]
    before = await rows_of(catalog_db, submission["agent_id"])
    moves = [
        await platform_admin.post(f"{ADMIN}/{path}:approve", {}),
        await platform_admin.post(f"{ADMIN}/{path}:reject", {"reason": "No."}),
        await org.owner.delete(f"{SUBMISSIONS}/{path}"),
    ]
    for move in moves:
        assert move.status_code == 409 and reason(move) == "SUBMISSION_NOT_PENDING", move.text
        assert metadata(move) == {"submission_id": path, "state": state}
    assert await rows_of(catalog_db, submission["agent_id"]) == before
    shown = (await org.owner.get(f"{SUBMISSIONS}/{path}")).json()["submission"]
    assert shown["state"] == f"SUBMISSION_STATE_{state.upper()}"


async def test_a_rejection_carries_its_reason_to_the_submitter(org: Org, agent, platform_admin):
    submission = await submit(org.member, agent["id"])
    rejected = await platform_admin.post(
        f"{ADMIN}/{submission['id']}:reject", {"reason": "  Needs a clearer prompt.  "}
    )
    assert rejected.status_code == 200, rejected.text
    shown = (await org.member.get(f"{SUBMISSIONS}/{submission['id']}")).json()["submission"]
    assert shown["state"] == "SUBMISSION_STATE_REJECTED"
    assert shown["rejection_reason"] == "Needs a clearer prompt."
    assert shown["reviewed_by"] == platform_admin.user_id and shown["reviewed_at"]
    assert "template_id" not in shown or not shown["template_id"]


# --- approval -------------------------------------------------------------------------------


async def test_approval_publishes_a_template_then_its_next_version(
    org: Org, agent, platform_admin, anonymous
):
    first = await submit(org.member, agent["id"])
    approved = await approve(platform_admin, first["id"], notes="Welcome to the catalog")
    template = approved["template"]
    assert approved["submission"]["state"] == "SUBMISSION_STATE_APPROVED"
    assert approved["submission"]["template_id"] == template["id"]
    assert approved["submission"]["template_version"] == 1
    assert (template["visibility"], template["owner_org_id"], template["created_by"]) == (
        "VISIBILITY_PUBLIC", org.id, org.member.user_id
    )  # fmt: skip
    assert (template["name"], template["slug"], template["category"]) == (
        "Order Status Helper", "order-status-helper", "customer-service"
    )  # fmt: skip
    assert template.get("official", False) is False
    # Public: a stranger reads it, and it is found.
    seen = await anonymous.get(f"/v1/templates/{template['id']}")
    assert seen.status_code == 200 and seen.json()["template"]["config"]["system_prompt"] == PROMPT
    found = await anonymous.get("/v1/templates", params={"query": "order status helper"})
    assert template["id"] in [t["id"] for t in found.json()["templates"]]
    # Changed only through review: the organization's PATCH is refused.
    patched = await org.member.patch(f"/v1/templates/{template['id']}", {"name": "Mine now"})
    assert patched.status_code == 400 and reason(patched) == "PUBLIC_REQUIRES_REVIEW"

    await org.member.patch(
        f"/v1/agents/{agent['id']}",
        {"config": {"system_prompt": "Better.", "model": {"quality": "MODEL_QUALITY_FAST"}}},
    )
    second = await submit(org.member, agent["id"], name="Order Status Pro")
    again = await approve(platform_admin, second["id"])
    assert again["template"]["id"] == template["id"]
    assert again["template"]["latest_version"] == 2
    assert again["template"]["name"] == "Order Status Pro"
    assert again["submission"]["template_version"] == 2
    versions = await anonymous.get(f"/v1/templates/{template['id']}/versions")
    assert [(v["version"], v["config"]["system_prompt"], v.get("notes", ""))
            for v in versions.json()["versions"]] == [
        (2, "Better.", f"Approved submission {second['id']}"),
        (1, PROMPT, "Welcome to the catalog"),
    ]  # fmt: skip


async def test_a_deleted_template_is_published_anew(org: Org, agent, platform_admin):
    first = await approve(platform_admin, (await submit(org.member, agent["id"]))["id"])
    gone = await org.admin.delete(f"/v1/templates/{first['template']['id']}")
    assert gone.status_code == 200, gone.text
    second = await approve(platform_admin, (await submit(org.member, agent["id"]))["id"])
    assert second["template"]["id"] != first["template"]["id"]
    assert second["template"]["latest_version"] == 1
    assert second["template"]["slug"] == "order-status-helper"


# --- the reviewers' lists and stats ---------------------------------------------------------


async def test_admins_list_every_organization_with_filters_and_pages(
    org: Org, platform_admin, outsider
):
    ours = [await submit(org.member, (await make_agent(org.member))["id"]) for _ in range(2)]
    theirs = await submit(outsider, (await make_agent(outsider))["id"], category="sales")
    await approve(platform_admin, ours[0]["id"])

    async def ids(**params: Any) -> list[str]:
        listed = await platform_admin.get(ADMIN, params=params)
        assert listed.status_code == 200, listed.text
        return [s["id"] for s in listed.json()["submissions"]]

    assert await ids(org_id=org.id) == [ours[1]["id"], ours[0]["id"]]  # newest first
    assert await ids(org_id=org.id, state="SUBMISSION_STATE_PENDING") == [ours[1]["id"]]
    assert await ids(submitted_by=outsider.user_id) == [theirs["id"]]
    assert await ids(agent_id=ours[0]["agent_id"]) == [ours[0]["id"]]
    assert theirs["id"] in await ids(category="sales")
    assert not {s["id"] for s in ours} & set(await ids(category="sales"))
    # Pages: one at a time, no repeats, no gaps.
    seen, token = [], ""
    while True:
        page = await platform_admin.get(ADMIN, params={"org_id": org.id, "page_size": 1,
                                                       "page_token": token})  # fmt: skip
        body = page.json()
        seen += [s["id"] for s in body["submissions"]]
        token = body.get("next_page_token", "")
        if not token:
            break
    assert seen == [ours[1]["id"], ours[0]["id"]]
    bad = await platform_admin.get(ADMIN, params={"page_token": "nope"})
    assert bad.status_code == 400 and reason(bad) == "INVALID_PAGE_TOKEN"


async def test_stats_count_every_state(org: Org, platform_admin):
    async def stats() -> dict[str, int]:
        got = await platform_admin.get(f"{ADMIN}/stats")
        assert got.status_code == 200, got.text
        body = got.json()
        return {k: int(body.get(k, 0)) for k in
                ("pending", "approved", "rejected", "withdrawn", "total")}  # fmt: skip

    before = await stats()
    agent = await make_agent(org.owner)  # one agent: a submission pending at a time
    for state in ("approved", "rejected", "withdrawn", "pending"):
        await _in_state(org, platform_admin, state, agent["id"])
    after = await stats()
    assert {k: after[k] - before[k] for k in after} == {
        "pending": 1, "approved": 1, "rejected": 1, "withdrawn": 1, "total": 4
    }  # fmt: skip


# --- who may call each route ----------------------------------------------------------------


async def test_every_route_by_caller(org: Org, agent, outsider, platform_admin, anonymous):
    submission = await submit(org.member, agent["id"])
    one = f"{SUBMISSIONS}/{submission['id']}"
    pending = [(await submit(org.admin, (await make_agent(org.admin))["id"]))["id"]
               for _ in range(2)]  # fmt: skip
    routes: dict[str, tuple[str, str, dict[str, Any] | None]] = {
        "submit": ("POST", SUBMISSIONS, proposal(agent["id"])),
        "list own": ("GET", SUBMISSIONS, None),
        "get": ("GET", one, None),
        "admin list": ("GET", ADMIN, None),
        "stats": ("GET", f"{ADMIN}/stats", None),
        "approve": ("POST", f"{ADMIN}/{pending[0]}:approve", {}),
        "reject": ("POST", f"{ADMIN}/{pending[1]}:reject", {"reason": "No."}),
        "withdraw": ("DELETE", one, None),
    }
    # The submitter comes last: their withdrawal succeeds, the others find it pending.
    callers = {"platform admin": platform_admin, "outsider": outsider, "anonymous": None,
               "member": org.member}  # fmt: skip
    expected = {
        #              platform admin  outsider  anonymous  member
        "submit":     (404,            404,      401,       409),
        "list own":   (400,            200,      401,       200),
        "get":        (200,            404,      401,       200),
        "admin list": (200,            403,      401,       403),
        "stats":      (200,            403,      401,       403),
        "approve":    (200,            403,      401,       403),
        "reject":     (200,            403,      401,       403),
        "withdraw":   (403,            404,      401,       200),
    }  # fmt: skip
    got = {}
    for name, (method, path, body) in routes.items():
        codes = []
        for person in callers.values():
            headers = person.headers if person is not None else {}
            answer = await anonymous.request(method, path, json=body, headers=headers)
            codes.append(answer.status_code)
        got[name] = tuple(codes)
    assert got == expected
    # What the outsider lists is their own: none of the member's.
    listed = await outsider.get(SUBMISSIONS)
    assert listed.json().get("submissions", []) == []


async def test_the_internal_rpc_answers_catalog_alone(org: Org, agent, agents: ServiceProcess):
    request = agents_pb2.GetAgentForSubmissionRequest(agent_id=agent["id"])
    for workload in ("gateway", "messaging"):
        async with channels.channel(agents.address, workload=workload) as channel:
            stub = agents_pb2_grpc.AgentSubmissionServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.GetAgentForSubmission(request, metadata=forwarded(org.member))
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    async with channels.channel(agents.address, workload="catalog") as channel:
        stub = agents_pb2_grpc.AgentSubmissionServiceStub(channel)
        found = await stub.GetAgentForSubmission(request, metadata=forwarded(org.member))
        assert (found.agent.id, found.agent.latest_version) == (agent["id"], 1)
        with pytest.raises(grpc.aio.AioRpcError) as viewer:
            await stub.GetAgentForSubmission(request, metadata=forwarded(org.viewer))
        assert viewer.value.code() == grpc.StatusCode.PERMISSION_DENIED


# --- events ---------------------------------------------------------------------------------


async def _submission_events(catalog_db: Database, submission_ids: set[str]) -> list[Any]:
    kinds = (events_pb2.TemplateSubmitted, events_pb2.TemplateApproved,
             events_pb2.TemplateRejected)  # fmt: skip
    for _ in range(100):
        async with catalog_db.unit_of_work() as session:
            rows = (
                await session.execute(
                    sa.text("SELECT envelope, published_at FROM outbox_events ORDER BY seq")
                )
            ).all()
        if all(published is not None for _, published in rows):
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail("events not relayed")
    found = []
    for envelope, _ in rows:
        event = envelope_pb2.Event.FromString(envelope)
        for kind in kinds:
            payload = kind()
            if event.payload.Unpack(payload) and payload.submission_id in submission_ids:
                found.append((event, payload))
    return found


async def test_submitted_approved_and_rejected_are_published(org: Org, platform_admin, catalog_db):
    approved = await submit(org.member, (await make_agent(org.member))["id"])
    rejected = await submit(org.member, (await make_agent(org.member))["id"])
    template = (await approve(platform_admin, approved["id"]))["template"]
    await platform_admin.post(f"{ADMIN}/{rejected['id']}:reject", {"reason": "Not yet."})
    events = await _submission_events(catalog_db, {approved["id"], rejected["id"]})
    assert [(e.type, p.submission_id) for e, p in events] == [
        ("template.submitted", approved["id"]),
        ("template.submitted", rejected["id"]),
        ("template.approved", approved["id"]),
        ("template.rejected", rejected["id"]),
    ]
    assert {(e.source, e.org_id) for e, _ in events} == {("catalog", org.id)}
    submitted, approval, rejection = events[0][1], events[2][1], events[3][1]
    assert (submitted.agent_id, submitted.agent_version, submitted.submitted_by) == (
        approved["agent_id"], 1, org.member.user_id
    )  # fmt: skip
    assert (approval.template_id, approval.template_version, approval.new_template) == (
        template["id"], 1, True
    )  # fmt: skip
    assert (approval.reviewed_by, approval.submitted_by) == (
        platform_admin.user_id, org.member.user_id
    )  # fmt: skip
    assert (rejection.reason, rejection.reviewed_by) == ("Not yet.", platform_admin.user_id)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        ({"name": ""}, "name", "INVALID_ARGUMENT"),
        ({"description": ""}, "description", "INVALID_ARGUMENT"),
        ({"category": "Not A Slug"}, "category", "INVALID_ARGUMENT"),
        ({"category": "no-such-category"}, "category", "UNKNOWN_CATEGORY"),
        ({"use_cases": []}, "use_cases", "INVALID_ARGUMENT"),
        ({"use_cases": ["x" * 201]}, "use_cases", "INVALID_ARGUMENT"),
        ({"tags": ["Bad Tag"]}, "tags", "INVALID_ARGUMENT"),
        ({"agent_id": "not-a-uuid"}, "agent_id", "INVALID_ARGUMENT"),
    ],
)
async def test_a_bad_submission_is_400_with_the_field_and_writes_nothing(
    org: Org, agent, catalog_db, change, field, why
):
    refused = await org.member.post(SUBMISSIONS, proposal(agent["id"]) | change)
    assert refused.status_code == 400, refused.text
    assert reason(refused) == why and field in fields(refused), refused.text
    assert await rows_of(catalog_db, agent["id"]) == []


async def test_a_bad_review_is_400_with_the_field(org: Org, agent, platform_admin, catalog_db):
    submission = await submit(org.member, agent["id"])
    for body in ({}, {"reason": "   "}):
        refused = await platform_admin.post(f"{ADMIN}/{submission['id']}:reject", body)
        assert refused.status_code == 400 and fields(refused) == {"reason"}, refused.text
    long_notes = await platform_admin.post(
        f"{ADMIN}/{submission['id']}:approve", {"notes": "x" * 1001}
    )
    assert long_notes.status_code == 400 and fields(long_notes) == {"notes"}
    bad_id = await platform_admin.post(f"{ADMIN}/nope:approve", {})
    assert bad_id.status_code == 400 and fields(bad_id) == {"submission_id"}
    unknown = await platform_admin.post(f"{ADMIN}/{uuid.uuid4()}:approve", {})
    assert unknown.status_code == 404 and reason(unknown) == "SUBMISSION_NOT_FOUND"
    assert [state for _, state in await rows_of(catalog_db, agent["id"])] == ["pending"]


# --- the README -----------------------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "services" / "catalog" / "README.md"
PICK = """pick() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }"""


async def test_the_readme_walk_through_works(org: Org, agent, platform_admin, edge):
    section = README.read_text().split("## Submissions and review", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README lost its submissions walk-through"
    env = {**os.environ, "GW": edge.url, "TOKEN": org.member.access_token,
           "ADMIN_TOKEN": platform_admin.access_token, "AGENT": agent["id"]}  # fmt: skip
    run = await asyncio.to_thread(
        subprocess.run, ["bash", "-c", "set -euo pipefail\n" + PICK + "\n" + match.group(1)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0] == "SUBMISSION_STATE_PENDING"
    assert lines[-1] == "VISIBILITY_PUBLIC"

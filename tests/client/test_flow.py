"""A customer's first hour through the client only: sign up, verify the address, an
organization, an API key, an agent made with the key, a run streamed to its end, the
thread's messages, and a list paged by the pagination helper."""

from __future__ import annotations

import secrets
from uuid import UUID

from keel_client import Keel, RunEvent
from keel_client.generated.api.agent_service import (
    agent_service_create_agent,
    agent_service_list_agents,
)
from keel_client.generated.api.api_key_service import api_key_service_create_api_key
from keel_client.generated.api.auth_service import (
    auth_service_get_context,
    auth_service_signup,
    auth_service_switch_context,
    auth_service_verify_email,
)
from keel_client.generated.api.organization_service import (
    organization_service_create_organization,
)
from keel_client.generated.api.run_service import run_service_get_run, run_service_start_run
from keel_client.generated.api.thread_service import thread_service_list_thread_messages
from keel_client.generated.models import (
    ApiKeyServiceCreateApiKeyBody,
    KeelAgentsV1AgentConfig,
    KeelAgentsV1CreateAgentRequest,
    KeelIdentityV1CreateOrganizationRequest,
    KeelIdentityV1SignupRequest,
    KeelIdentityV1SwitchContextRequest,
    KeelIdentityV1VerifyEmailRequest,
    RunServiceStartRunBody,
)
from keel_client.generated.types import Unset

from tests.billing.conftest import welcomed
from tests.identity.people import PASSWORD, verification_token


def agent_body(name: str) -> KeelAgentsV1CreateAgentRequest:
    config = KeelAgentsV1AgentConfig.from_dict(
        {"system_prompt": "You help.", "model": {"quality": "MODEL_QUALITY_FAST"}}
    )
    return KeelAgentsV1CreateAgentRequest(name=name, description="Helps.", config=config)


async def test_sign_up_to_a_streamed_run_through_the_client(keel: Keel, runner, billing_db):
    email = f"client-{secrets.token_hex(4)}@example.com"
    signed = await keel.acall(
        auth_service_signup,
        body=KeelIdentityV1SignupRequest(email=email, password=PASSWORD, display_name="Cleo"),
    )
    assert not isinstance(signed.user, Unset) and not isinstance(signed.tokens, Unset)
    assert signed.user.email == email
    user_id = str(signed.user.id)
    await keel.acall(
        auth_service_verify_email,
        body=KeelIdentityV1VerifyEmailRequest(token=await verification_token(user_id)),
    )

    async with keel.with_token(str(signed.tokens.access_token)) as cleo:
        made = await cleo.acall(
            organization_service_create_organization,
            body=KeelIdentityV1CreateOrganizationRequest(name="Cleo's"),
        )
        org_id = made.to_dict()["organization"]["organization"]["id"]
        switched = await cleo.acall(
            auth_service_switch_context, body=KeelIdentityV1SwitchContextRequest(org_id=org_id)
        )
        access = switched.to_dict()["tokens"]["access_token"]
        await welcomed(billing_db, org_id)  # the runs' credits
        async with cleo.with_token(access) as cleo_in_org:
            context = await cleo_in_org.acall(auth_service_get_context)
            active = context.to_dict()["active"]
            assert active["organization"]["id"] == org_id and active["role"] == "ROLE_OWNER"
            key = await cleo_in_org.acall(
                api_key_service_create_api_key,
                org_id=UUID(org_id),
                body=ApiKeyServiceCreateApiKeyBody.from_dict(
                    {"name": "ci", "kind": "API_KEY_KIND_SERVICE",
                     "scopes": ["read:agents", "write:agents", "execute:agents"]}
                ),
            )  # fmt: skip
    secret = str(key.secret)
    assert secret.startswith("osk_")

    async with keel.with_token(secret) as bot:
        agent = (await bot.acall(agent_service_create_agent, body=agent_body("Support"))).agent
        assert not isinstance(agent, Unset) and agent.org_id == org_id
        started = await bot.acall(
            run_service_start_run,
            agent_id=UUID(str(agent.id)),
            body=RunServiceStartRunBody(input_="hello from the client"),
        )
        run = started.to_dict()["run"]
        assert run["status"] == "RUN_STATUS_QUEUED"

        events: list[RunEvent] = [event async for event in bot.arun_events(run["id"])]
        types = [event.type for event in events]
        assert types[0] == "run.queued" and types[-1] == "run.completed", types
        assert [event.sequence for event in events] == list(range(1, len(events) + 1))
        assert {event.run_id for event in events} == {run["id"]}
        said = "".join(e.data.get("text", "") for e in events if e.type == "message.delta")
        assert said == "You said: hello from the client"

        # Resumed after the one before last (Last-Event-ID), by the synchronous twin.
        resumed = list(bot.run_events(run["id"], after=len(events) - 1))
        assert resumed == events[-1:]

        done = (await bot.acall(run_service_get_run, run_id=UUID(run["id"]))).to_dict()["run"]
        assert done["status"] == "RUN_STATUS_COMPLETED" and done["output"] == said
        messages = await bot.acall(
            thread_service_list_thread_messages, thread_id=UUID(run["thread_id"])
        )
        roles = [(m["role"], m["content"]) for m in messages.to_dict()["messages"]]
        assert roles == [("user", "hello from the client"), ("assistant", said)]

        # The free plan's three agents, one a page: the helper follows next_page_token.
        more = [
            (await bot.acall(agent_service_create_agent, body=agent_body(name))).to_dict()
            for name in ("Sales", "Billing")
        ]
        made_ids = {str(agent.id)} | {m["agent"]["id"] for m in more}
        paged = [a async for a in bot.aiterate(agent_service_list_agents, page_size=1)]
        assert {str(a.id) for a in paged} == made_ids and len(paged) == 3
        # The same through the synchronous twin.
        assert [a.id for a in bot.iterate(agent_service_list_agents, page_size=2)] == [
            a.id for a in paged
        ]

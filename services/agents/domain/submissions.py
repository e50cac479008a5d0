"""Agents offered to catalog as templates (no gRPC, no SQL here).

catalog asks, for the user submitting, for the agent and its latest version
(`AgentSubmissionService`). Submitting an agent is managing it: the caller must see the
agent and may change it (its creator with `agents.manage_own`, or `agents.manage_all`).
"""

from __future__ import annotations

import uuid

from services.agents.domain import access, agents
from services.agents.domain.access import Caller
from services.agents.domain.agents import Agent, Context


async def agent_to_submit(ctx: Context, caller: Caller, agent_id: uuid.UUID) -> Agent:
    """The agent with its latest config, when the caller may manage it."""
    agent = await agents.get(ctx, caller, agent_id)
    await access.require_editor(agent, caller, ctx.permissions)
    return agent

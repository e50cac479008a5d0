"""Agents made from catalog templates (no gRPC, no SQL here).

catalog gives the template's latest version as the organization may see it
(`Templates.config`); its config (`{system_prompt, model, tools, triggers, metadata}`,
catalog's TemplateConfig as JSON) becomes the agent's version 1 (`agent_config`), the
template and version are kept on the agent, and the use is counted by catalog
(`Templates.record_use`, idempotent per agent) inside the create's transaction, before
billing's count (see `agents.create`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

Config = dict[str, Any]  # as domain.agents has it


@dataclass(frozen=True)
class TemplateCopy:
    """One version of a template, as the organization sees it."""

    template_id: uuid.UUID
    version: int
    name: str
    category: str
    # catalog's TemplateConfig as JSON (proto field names, enum names).
    config: dict[str, Any]


class Templates(Protocol):
    """catalog's TemplateUsageService (`data.catalog`)."""

    async def config(self, template_id: uuid.UUID, org_id: uuid.UUID) -> TemplateCopy:
        """The latest version; catalog's NOT_FOUND when the organization may not see it."""

    async def record_use(
        self, template_id: uuid.UUID, org_id: uuid.UUID, agent_id: uuid.UUID, version: int
    ) -> None:
        """Count `agent_id` as made from the template (once per agent, whatever the retries)."""


@dataclass(frozen=True)
class FromTemplate:
    """A create from a template, as asked for."""

    template_id: uuid.UUID
    org_id: uuid.UUID | None
    name: str
    description: str
    visibility: str | None
    request_id: str = ""


# A template without a model: the lowest quality level (every plan with agent runs has it).
DEFAULT_MODEL = {"quality": "MODEL_QUALITY_FAST"}


def agent_config(template: dict[str, Any]) -> Config:
    """catalog's template config as an agent config.

    system_prompt, triggers, knowledge-base tags and channel defaults carry over as they
    are; the model (`id` → `name`, or the quality level); built-in tools with their
    settings; MCP tools as MCP servers named by the tool (url, allowed tools). Left out,
    as an agent has no place for them: tool descriptions, an MCP tool's settings, usage
    examples (they stay in the catalog).
    """
    config: Config = {}
    if template.get("system_prompt"):
        config["system_prompt"] = template["system_prompt"]
    model = template.get("model") or {}
    if model.get("id"):
        config["model"] = {"name": model["id"]}
    elif model.get("quality") and model["quality"] != "MODEL_QUALITY_UNSPECIFIED":
        config["model"] = {"quality": model["quality"]}
    else:
        config["model"] = dict(DEFAULT_MODEL)
    tools, servers = [], []
    for tool in template.get("tools", ()):
        if tool.get("kind") == "TOOL_KIND_MCP":
            server = tool.get("mcp_server") or {}
            mcp: dict[str, Any] = {"name": tool["name"], "url": server.get("url", "")}
            if server.get("allowed_tools"):
                mcp["allowed_tools"] = list(server["allowed_tools"])
            servers.append(mcp)
        else:
            builtin: dict[str, Any] = {"name": tool["name"]}
            if tool.get("settings"):
                builtin["settings"] = tool["settings"]
            tools.append(builtin)
    if tools:
        config["tools"] = tools
    if servers:
        config["mcp_servers"] = servers
    metadata = template.get("metadata") or {}
    if metadata.get("knowledge_base_tags"):
        config["knowledge_base_tags"] = list(metadata["knowledge_base_tags"])
    if metadata.get("channel_defaults"):
        config["channel_defaults"] = dict(metadata["channel_defaults"])
    if template.get("triggers"):
        config["triggers"] = [dict(t) for t in template["triggers"]]
    return config

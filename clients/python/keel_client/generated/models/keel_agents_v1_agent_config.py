from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_builtin_tool import KeelAgentsV1BuiltinTool
    from ..models.keel_agents_v1_channel_defaults import KeelAgentsV1ChannelDefaults
    from ..models.keel_agents_v1_generation_settings import KeelAgentsV1GenerationSettings
    from ..models.keel_agents_v1_mcp_server import KeelAgentsV1McpServer
    from ..models.keel_agents_v1_model_choice import KeelAgentsV1ModelChoice
    from ..models.keel_agents_v1_trigger import KeelAgentsV1Trigger


T = TypeVar("T", bound="KeelAgentsV1AgentConfig")


@_attrs_define
class KeelAgentsV1AgentConfig:
    """What an agent does: the content of each immutable version (stored as this message's
    JSON).

        Attributes:
            model (KeelAgentsV1ModelChoice): Which model runs the agent: a quality level the plan maps to a model, or a
                model by name.
            channel_defaults (KeelAgentsV1ChannelDefaults | Unset): Defaults for the channels the agent answers on.
            generation (KeelAgentsV1GenerationSettings | Unset): Sampling settings; unset fields take the model's defaults.
            knowledge_base_tags (list[str] | Unset): Knowledge-base documents with these tags are given to the agent.
            mcp_servers (list[KeelAgentsV1McpServer] | Unset):
            system_prompt (str | Unset):
            tools (list[KeelAgentsV1BuiltinTool] | Unset):
            triggers (list[KeelAgentsV1Trigger] | Unset):
    """

    model: KeelAgentsV1ModelChoice
    channel_defaults: KeelAgentsV1ChannelDefaults | Unset = UNSET
    generation: KeelAgentsV1GenerationSettings | Unset = UNSET
    knowledge_base_tags: list[str] | Unset = UNSET
    mcp_servers: list[KeelAgentsV1McpServer] | Unset = UNSET
    system_prompt: str | Unset = UNSET
    tools: list[KeelAgentsV1BuiltinTool] | Unset = UNSET
    triggers: list[KeelAgentsV1Trigger] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        model = self.model.to_dict()

        channel_defaults: dict[str, Any] | Unset = UNSET
        if not isinstance(self.channel_defaults, Unset):
            channel_defaults = self.channel_defaults.to_dict()

        generation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.generation, Unset):
            generation = self.generation.to_dict()

        knowledge_base_tags: list[str] | Unset = UNSET
        if not isinstance(self.knowledge_base_tags, Unset):
            knowledge_base_tags = self.knowledge_base_tags

        mcp_servers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.mcp_servers, Unset):
            mcp_servers = []
            for mcp_servers_item_data in self.mcp_servers:
                mcp_servers_item = mcp_servers_item_data.to_dict()
                mcp_servers.append(mcp_servers_item)

        system_prompt = self.system_prompt

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        triggers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.triggers, Unset):
            triggers = []
            for triggers_item_data in self.triggers:
                triggers_item = triggers_item_data.to_dict()
                triggers.append(triggers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
            }
        )
        if channel_defaults is not UNSET:
            field_dict["channel_defaults"] = channel_defaults
        if generation is not UNSET:
            field_dict["generation"] = generation
        if knowledge_base_tags is not UNSET:
            field_dict["knowledge_base_tags"] = knowledge_base_tags
        if mcp_servers is not UNSET:
            field_dict["mcp_servers"] = mcp_servers
        if system_prompt is not UNSET:
            field_dict["system_prompt"] = system_prompt
        if tools is not UNSET:
            field_dict["tools"] = tools
        if triggers is not UNSET:
            field_dict["triggers"] = triggers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_builtin_tool import KeelAgentsV1BuiltinTool  # noqa: PLC0415
        from ..models.keel_agents_v1_channel_defaults import KeelAgentsV1ChannelDefaults  # noqa: PLC0415
        from ..models.keel_agents_v1_generation_settings import KeelAgentsV1GenerationSettings  # noqa: PLC0415
        from ..models.keel_agents_v1_mcp_server import KeelAgentsV1McpServer  # noqa: PLC0415
        from ..models.keel_agents_v1_model_choice import KeelAgentsV1ModelChoice  # noqa: PLC0415
        from ..models.keel_agents_v1_trigger import KeelAgentsV1Trigger  # noqa: PLC0415

        d = dict(src_dict)
        model = KeelAgentsV1ModelChoice.from_dict(d.pop("model"))

        _channel_defaults = d.pop("channel_defaults", UNSET)
        channel_defaults: KeelAgentsV1ChannelDefaults | Unset
        if isinstance(_channel_defaults, Unset):
            channel_defaults = UNSET
        else:
            channel_defaults = KeelAgentsV1ChannelDefaults.from_dict(_channel_defaults)

        _generation = d.pop("generation", UNSET)
        generation: KeelAgentsV1GenerationSettings | Unset
        if isinstance(_generation, Unset):
            generation = UNSET
        else:
            generation = KeelAgentsV1GenerationSettings.from_dict(_generation)

        knowledge_base_tags = cast(list[str], d.pop("knowledge_base_tags", UNSET))

        _mcp_servers = d.pop("mcp_servers", UNSET)
        mcp_servers: list[KeelAgentsV1McpServer] | Unset = UNSET
        if _mcp_servers is not UNSET:
            mcp_servers = []
            for mcp_servers_item_data in _mcp_servers:
                mcp_servers_item = KeelAgentsV1McpServer.from_dict(mcp_servers_item_data)

                mcp_servers.append(mcp_servers_item)

        system_prompt = d.pop("system_prompt", UNSET)

        _tools = d.pop("tools", UNSET)
        tools: list[KeelAgentsV1BuiltinTool] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = KeelAgentsV1BuiltinTool.from_dict(tools_item_data)

                tools.append(tools_item)

        _triggers = d.pop("triggers", UNSET)
        triggers: list[KeelAgentsV1Trigger] | Unset = UNSET
        if _triggers is not UNSET:
            triggers = []
            for triggers_item_data in _triggers:
                triggers_item = KeelAgentsV1Trigger.from_dict(triggers_item_data)

                triggers.append(triggers_item)

        keel_agents_v1_agent_config = cls(
            model=model,
            channel_defaults=channel_defaults,
            generation=generation,
            knowledge_base_tags=knowledge_base_tags,
            mcp_servers=mcp_servers,
            system_prompt=system_prompt,
            tools=tools,
            triggers=triggers,
        )

        return keel_agents_v1_agent_config

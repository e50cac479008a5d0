from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent import KeelAgentsV1Agent
    from ..models.keel_agents_v1_template_origin import KeelAgentsV1TemplateOrigin


T = TypeVar("T", bound="KeelAgentsV1CreateAgentFromTemplateResponse")


@_attrs_define
class KeelAgentsV1CreateAgentFromTemplateResponse:
    """
    Attributes:
        agent (KeelAgentsV1Agent | Unset):
        template (KeelAgentsV1TemplateOrigin | Unset): The catalog template (and its version) an agent was made from.
    """

    agent: KeelAgentsV1Agent | Unset = UNSET
    template: KeelAgentsV1TemplateOrigin | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.agent, Unset):
            agent = self.agent.to_dict()

        template: dict[str, Any] | Unset = UNSET
        if not isinstance(self.template, Unset):
            template = self.template.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent is not UNSET:
            field_dict["agent"] = agent
        if template is not UNSET:
            field_dict["template"] = template

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent import KeelAgentsV1Agent  # noqa: PLC0415
        from ..models.keel_agents_v1_template_origin import KeelAgentsV1TemplateOrigin  # noqa: PLC0415

        d = dict(src_dict)
        _agent = d.pop("agent", UNSET)
        agent: KeelAgentsV1Agent | Unset
        if isinstance(_agent, Unset):
            agent = UNSET
        else:
            agent = KeelAgentsV1Agent.from_dict(_agent)

        _template = d.pop("template", UNSET)
        template: KeelAgentsV1TemplateOrigin | Unset
        if isinstance(_template, Unset):
            template = UNSET
        else:
            template = KeelAgentsV1TemplateOrigin.from_dict(_template)

        keel_agents_v1_create_agent_from_template_response = cls(
            agent=agent,
            template=template,
        )

        return keel_agents_v1_create_agent_from_template_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_model_choice import KeelCatalogV1ModelChoice
    from ..models.keel_catalog_v1_template_metadata import KeelCatalogV1TemplateMetadata
    from ..models.keel_catalog_v1_tool import KeelCatalogV1Tool
    from ..models.keel_catalog_v1_trigger import KeelCatalogV1Trigger


T = TypeVar("T", bound="KeelCatalogV1TemplateConfig")


@_attrs_define
class KeelCatalogV1TemplateConfig:
    """What an agent made from the template starts with (stored as this message's JSON:
    `{system_prompt, model, tools, triggers, metadata}`).

        Attributes:
            metadata (KeelCatalogV1TemplateMetadata | Unset):
            model (KeelCatalogV1ModelChoice | Unset): Which model runs an agent made from the template: a model id, or a
                quality level the
                plan maps to a model (not both).
            system_prompt (str | Unset):
            tools (list[KeelCatalogV1Tool] | Unset):
            triggers (list[KeelCatalogV1Trigger] | Unset):
    """

    metadata: KeelCatalogV1TemplateMetadata | Unset = UNSET
    model: KeelCatalogV1ModelChoice | Unset = UNSET
    system_prompt: str | Unset = UNSET
    tools: list[KeelCatalogV1Tool] | Unset = UNSET
    triggers: list[KeelCatalogV1Trigger] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        model: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.to_dict()

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

        field_dict.update({})
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if model is not UNSET:
            field_dict["model"] = model
        if system_prompt is not UNSET:
            field_dict["system_prompt"] = system_prompt
        if tools is not UNSET:
            field_dict["tools"] = tools
        if triggers is not UNSET:
            field_dict["triggers"] = triggers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_model_choice import KeelCatalogV1ModelChoice  # noqa: PLC0415
        from ..models.keel_catalog_v1_template_metadata import KeelCatalogV1TemplateMetadata  # noqa: PLC0415
        from ..models.keel_catalog_v1_tool import KeelCatalogV1Tool  # noqa: PLC0415
        from ..models.keel_catalog_v1_trigger import KeelCatalogV1Trigger  # noqa: PLC0415

        d = dict(src_dict)
        _metadata = d.pop("metadata", UNSET)
        metadata: KeelCatalogV1TemplateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = KeelCatalogV1TemplateMetadata.from_dict(_metadata)

        _model = d.pop("model", UNSET)
        model: KeelCatalogV1ModelChoice | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = KeelCatalogV1ModelChoice.from_dict(_model)

        system_prompt = d.pop("system_prompt", UNSET)

        _tools = d.pop("tools", UNSET)
        tools: list[KeelCatalogV1Tool] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = KeelCatalogV1Tool.from_dict(tools_item_data)

                tools.append(tools_item)

        _triggers = d.pop("triggers", UNSET)
        triggers: list[KeelCatalogV1Trigger] | Unset = UNSET
        if _triggers is not UNSET:
            triggers = []
            for triggers_item_data in _triggers:
                triggers_item = KeelCatalogV1Trigger.from_dict(triggers_item_data)

                triggers.append(triggers_item)

        keel_catalog_v1_template_config = cls(
            metadata=metadata,
            model=model,
            system_prompt=system_prompt,
            tools=tools,
            triggers=triggers,
        )

        return keel_catalog_v1_template_config

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_channel_defaults import KeelCatalogV1ChannelDefaults
    from ..models.keel_catalog_v1_usage_example import KeelCatalogV1UsageExample


T = TypeVar("T", bound="KeelCatalogV1TemplateMetadata")


@_attrs_define
class KeelCatalogV1TemplateMetadata:
    """
    Attributes:
        channel_defaults (KeelCatalogV1ChannelDefaults | Unset): Defaults for the channels an agent made from the
            template answers on.
        knowledge_base_tags (list[str] | Unset): Knowledge-base documents with these tags are given to the agent.
        usage_examples (list[KeelCatalogV1UsageExample] | Unset):
        use_cases (list[str] | Unset): What the agent is good for, one short sentence each (a submission's use cases).
    """

    channel_defaults: KeelCatalogV1ChannelDefaults | Unset = UNSET
    knowledge_base_tags: list[str] | Unset = UNSET
    usage_examples: list[KeelCatalogV1UsageExample] | Unset = UNSET
    use_cases: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        channel_defaults: dict[str, Any] | Unset = UNSET
        if not isinstance(self.channel_defaults, Unset):
            channel_defaults = self.channel_defaults.to_dict()

        knowledge_base_tags: list[str] | Unset = UNSET
        if not isinstance(self.knowledge_base_tags, Unset):
            knowledge_base_tags = self.knowledge_base_tags

        usage_examples: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.usage_examples, Unset):
            usage_examples = []
            for usage_examples_item_data in self.usage_examples:
                usage_examples_item = usage_examples_item_data.to_dict()
                usage_examples.append(usage_examples_item)

        use_cases: list[str] | Unset = UNSET
        if not isinstance(self.use_cases, Unset):
            use_cases = self.use_cases

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if channel_defaults is not UNSET:
            field_dict["channel_defaults"] = channel_defaults
        if knowledge_base_tags is not UNSET:
            field_dict["knowledge_base_tags"] = knowledge_base_tags
        if usage_examples is not UNSET:
            field_dict["usage_examples"] = usage_examples
        if use_cases is not UNSET:
            field_dict["use_cases"] = use_cases

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_channel_defaults import KeelCatalogV1ChannelDefaults  # noqa: PLC0415
        from ..models.keel_catalog_v1_usage_example import KeelCatalogV1UsageExample  # noqa: PLC0415

        d = dict(src_dict)
        _channel_defaults = d.pop("channel_defaults", UNSET)
        channel_defaults: KeelCatalogV1ChannelDefaults | Unset
        if isinstance(_channel_defaults, Unset):
            channel_defaults = UNSET
        else:
            channel_defaults = KeelCatalogV1ChannelDefaults.from_dict(_channel_defaults)

        knowledge_base_tags = cast(list[str], d.pop("knowledge_base_tags", UNSET))

        _usage_examples = d.pop("usage_examples", UNSET)
        usage_examples: list[KeelCatalogV1UsageExample] | Unset = UNSET
        if _usage_examples is not UNSET:
            usage_examples = []
            for usage_examples_item_data in _usage_examples:
                usage_examples_item = KeelCatalogV1UsageExample.from_dict(usage_examples_item_data)

                usage_examples.append(usage_examples_item)

        use_cases = cast(list[str], d.pop("use_cases", UNSET))

        keel_catalog_v1_template_metadata = cls(
            channel_defaults=channel_defaults,
            knowledge_base_tags=knowledge_base_tags,
            usage_examples=usage_examples,
            use_cases=use_cases,
        )

        return keel_catalog_v1_template_metadata

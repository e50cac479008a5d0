from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_agents_v1_model_choice_quality import (
    KeelAgentsV1ModelChoiceQuality,
    check_keel_agents_v1_model_choice_quality,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1ModelChoice")


@_attrs_define
class KeelAgentsV1ModelChoice:
    """Which model runs the agent: a quality level the plan maps to a model, or a model by name.

    Attributes:
        name (str | Unset): A model id, for example `gpt-4o-mini` or `anthropic/claude-sonnet-4-20250514`.
        quality (KeelAgentsV1ModelChoiceQuality | Unset):
    """

    name: str | Unset = UNSET
    quality: KeelAgentsV1ModelChoiceQuality | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if quality is not UNSET:
            field_dict["quality"] = quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _quality = d.pop("quality", UNSET)
        quality: KeelAgentsV1ModelChoiceQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = check_keel_agents_v1_model_choice_quality(_quality)

        keel_agents_v1_model_choice = cls(
            name=name,
            quality=quality,
        )

        return keel_agents_v1_model_choice

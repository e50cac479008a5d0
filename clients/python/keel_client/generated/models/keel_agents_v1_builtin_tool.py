from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_builtin_tool_settings import KeelAgentsV1BuiltinToolSettings


T = TypeVar("T", bound="KeelAgentsV1BuiltinTool")


@_attrs_define
class KeelAgentsV1BuiltinTool:
    """A tool of the platform (web search, calculator, …) with its settings.

    Attributes:
        name (str):
        settings (KeelAgentsV1BuiltinToolSettings | Unset): Tool-specific settings (at most 8 KiB as JSON).
    """

    name: str
    settings: KeelAgentsV1BuiltinToolSettings | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_builtin_tool_settings import KeelAgentsV1BuiltinToolSettings  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        _settings = d.pop("settings", UNSET)
        settings: KeelAgentsV1BuiltinToolSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = KeelAgentsV1BuiltinToolSettings.from_dict(_settings)

        keel_agents_v1_builtin_tool = cls(
            name=name,
            settings=settings,
        )

        return keel_agents_v1_builtin_tool

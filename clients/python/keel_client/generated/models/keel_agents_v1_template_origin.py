from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1TemplateOrigin")


@_attrs_define
class KeelAgentsV1TemplateOrigin:
    """The catalog template (and its version) an agent was made from.

    Attributes:
        template_id (str | Unset):
        version (int | Unset):
    """

    template_id: str | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        template_id = self.template_id

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        template_id = d.pop("template_id", UNSET)

        version = d.pop("version", UNSET)

        keel_agents_v1_template_origin = cls(
            template_id=template_id,
            version=version,
        )

        return keel_agents_v1_template_origin

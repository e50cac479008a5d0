from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template import KeelCatalogV1Template


T = TypeVar("T", bound="KeelCatalogV1ForkTemplateResponse")


@_attrs_define
class KeelCatalogV1ForkTemplateResponse:
    """
    Attributes:
        template (KeelCatalogV1Template | Unset):
    """

    template: KeelCatalogV1Template | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        template: dict[str, Any] | Unset = UNSET
        if not isinstance(self.template, Unset):
            template = self.template.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if template is not UNSET:
            field_dict["template"] = template

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template import KeelCatalogV1Template  # noqa: PLC0415

        d = dict(src_dict)
        _template = d.pop("template", UNSET)
        template: KeelCatalogV1Template | Unset
        if isinstance(_template, Unset):
            template = UNSET
        else:
            template = KeelCatalogV1Template.from_dict(_template)

        keel_catalog_v1_fork_template_response = cls(
            template=template,
        )

        return keel_catalog_v1_fork_template_response

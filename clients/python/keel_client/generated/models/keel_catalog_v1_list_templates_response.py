from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_facets import KeelCatalogV1Facets
    from ..models.keel_catalog_v1_template import KeelCatalogV1Template


T = TypeVar("T", bound="KeelCatalogV1ListTemplatesResponse")


@_attrs_define
class KeelCatalogV1ListTemplatesResponse:
    """
    Attributes:
        facets (KeelCatalogV1Facets | Unset): Counts over every template the query and filters match (not only the
            page).
        next_page_token (str | Unset):
        templates (list[KeelCatalogV1Template] | Unset):
    """

    facets: KeelCatalogV1Facets | Unset = UNSET
    next_page_token: str | Unset = UNSET
    templates: list[KeelCatalogV1Template] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        facets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.facets, Unset):
            facets = self.facets.to_dict()

        next_page_token = self.next_page_token

        templates: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.templates, Unset):
            templates = []
            for templates_item_data in self.templates:
                templates_item = templates_item_data.to_dict()
                templates.append(templates_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if facets is not UNSET:
            field_dict["facets"] = facets
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if templates is not UNSET:
            field_dict["templates"] = templates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_facets import KeelCatalogV1Facets  # noqa: PLC0415
        from ..models.keel_catalog_v1_template import KeelCatalogV1Template  # noqa: PLC0415

        d = dict(src_dict)
        _facets = d.pop("facets", UNSET)
        facets: KeelCatalogV1Facets | Unset
        if isinstance(_facets, Unset):
            facets = UNSET
        else:
            facets = KeelCatalogV1Facets.from_dict(_facets)

        next_page_token = d.pop("next_page_token", UNSET)

        _templates = d.pop("templates", UNSET)
        templates: list[KeelCatalogV1Template] | Unset = UNSET
        if _templates is not UNSET:
            templates = []
            for templates_item_data in _templates:
                templates_item = KeelCatalogV1Template.from_dict(templates_item_data)

                templates.append(templates_item)

        keel_catalog_v1_list_templates_response = cls(
            facets=facets,
            next_page_token=next_page_token,
            templates=templates,
        )

        return keel_catalog_v1_list_templates_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_version import KeelCatalogV1TemplateVersion


T = TypeVar("T", bound="KeelCatalogV1ListTemplateVersionsResponse")


@_attrs_define
class KeelCatalogV1ListTemplateVersionsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        versions (list[KeelCatalogV1TemplateVersion] | Unset):
    """

    next_page_token: str | Unset = UNSET
    versions: list[KeelCatalogV1TemplateVersion] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = []
            for versions_item_data in self.versions:
                versions_item = versions_item_data.to_dict()
                versions.append(versions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if versions is not UNSET:
            field_dict["versions"] = versions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_version import KeelCatalogV1TemplateVersion  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _versions = d.pop("versions", UNSET)
        versions: list[KeelCatalogV1TemplateVersion] | Unset = UNSET
        if _versions is not UNSET:
            versions = []
            for versions_item_data in _versions:
                versions_item = KeelCatalogV1TemplateVersion.from_dict(versions_item_data)

                versions.append(versions_item)

        keel_catalog_v1_list_template_versions_response = cls(
            next_page_token=next_page_token,
            versions=versions,
        )

        return keel_catalog_v1_list_template_versions_response

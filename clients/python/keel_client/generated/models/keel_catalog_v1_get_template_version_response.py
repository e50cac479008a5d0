from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_version import KeelCatalogV1TemplateVersion


T = TypeVar("T", bound="KeelCatalogV1GetTemplateVersionResponse")


@_attrs_define
class KeelCatalogV1GetTemplateVersionResponse:
    """
    Attributes:
        version (KeelCatalogV1TemplateVersion | Unset):
    """

    version: KeelCatalogV1TemplateVersion | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        version: dict[str, Any] | Unset = UNSET
        if not isinstance(self.version, Unset):
            version = self.version.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_version import KeelCatalogV1TemplateVersion  # noqa: PLC0415

        d = dict(src_dict)
        _version = d.pop("version", UNSET)
        version: KeelCatalogV1TemplateVersion | Unset
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = KeelCatalogV1TemplateVersion.from_dict(_version)

        keel_catalog_v1_get_template_version_response = cls(
            version=version,
        )

        return keel_catalog_v1_get_template_version_response

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig


T = TypeVar("T", bound="KeelCatalogV1TemplateVersion")


@_attrs_define
class KeelCatalogV1TemplateVersion:
    """
    Attributes:
        config (KeelCatalogV1TemplateConfig | Unset): What an agent made from the template starts with (stored as this
            message's JSON:
            `{system_prompt, model, tools, triggers, metadata}`).
        created_at (datetime.datetime | Unset):
        created_by (str | Unset):
        notes (str | Unset):
        template_id (str | Unset):
        version (int | Unset):
    """

    config: KeelCatalogV1TemplateConfig | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    notes: str | Unset = UNSET
    template_id: str | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        notes = self.notes

        template_id = self.template_id

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if config is not UNSET:
            field_dict["config"] = config
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if notes is not UNSET:
            field_dict["notes"] = notes
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig  # noqa: PLC0415

        d = dict(src_dict)
        _config = d.pop("config", UNSET)
        config: KeelCatalogV1TemplateConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelCatalogV1TemplateConfig.from_dict(_config)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        notes = d.pop("notes", UNSET)

        template_id = d.pop("template_id", UNSET)

        version = d.pop("version", UNSET)

        keel_catalog_v1_template_version = cls(
            config=config,
            created_at=created_at,
            created_by=created_by,
            notes=notes,
            template_id=template_id,
            version=version,
        )

        return keel_catalog_v1_template_version

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_model_choice_quality import (
    KeelCatalogV1ModelChoiceQuality,
    check_keel_catalog_v1_model_choice_quality,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1ModelChoice")


@_attrs_define
class KeelCatalogV1ModelChoice:
    """Which model runs an agent made from the template: a model id, or a quality level the
    plan maps to a model (not both).

        Attributes:
            id (Literal[''] | str | Unset):
            quality (KeelCatalogV1ModelChoiceQuality | Unset):
    """

    id: Literal[""] | str | Unset = UNSET
    quality: KeelCatalogV1ModelChoiceQuality | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id: Literal[""] | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if quality is not UNSET:
            field_dict["quality"] = quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            id_type_0 = cast(Literal[""], data)
            if id_type_0 != "":
                raise ValueError(f"id_type_0 must match const '', got '{id_type_0}'")
            return id_type_0
            return cast(Literal[""] | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        _quality = d.pop("quality", UNSET)
        quality: KeelCatalogV1ModelChoiceQuality | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = check_keel_catalog_v1_model_choice_quality(_quality)

        keel_catalog_v1_model_choice = cls(
            id=id,
            quality=quality,
        )

        return keel_catalog_v1_model_choice

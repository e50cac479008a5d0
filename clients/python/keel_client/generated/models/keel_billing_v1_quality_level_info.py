from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_billing_v1_quality_level import (
    KeelBillingV1QualityLevel,
    check_keel_billing_v1_quality_level,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1QualityLevelInfo")


@_attrs_define
class KeelBillingV1QualityLevelInfo:
    """One quality level and the models a new request at it gets.

    Attributes:
        credit_multiplier (str | Unset): Decimal string, for example "1.5".
        model_ids (list[str] | Unset): By priority: the first is the default, the others are fallbacks (ids of
            GetAICatalogResponse.models); never a retired model.
        quality (KeelBillingV1QualityLevel | Unset): - `QUALITY_LEVEL_FAST`: Credit multiplier 1.0.
            - `QUALITY_LEVEL_ENHANCED`: Credit multiplier 1.5.
            - `QUALITY_LEVEL_PREMIUM`: Credit multiplier 3.0.
    """

    credit_multiplier: str | Unset = UNSET
    model_ids: list[str] | Unset = UNSET
    quality: KeelBillingV1QualityLevel | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        credit_multiplier = self.credit_multiplier

        model_ids: list[str] | Unset = UNSET
        if not isinstance(self.model_ids, Unset):
            model_ids = self.model_ids

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if credit_multiplier is not UNSET:
            field_dict["credit_multiplier"] = credit_multiplier
        if model_ids is not UNSET:
            field_dict["model_ids"] = model_ids
        if quality is not UNSET:
            field_dict["quality"] = quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credit_multiplier = d.pop("credit_multiplier", UNSET)

        model_ids = cast(list[str], d.pop("model_ids", UNSET))

        _quality = d.pop("quality", UNSET)
        quality: KeelBillingV1QualityLevel | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = check_keel_billing_v1_quality_level(_quality)

        keel_billing_v1_quality_level_info = cls(
            credit_multiplier=credit_multiplier,
            model_ids=model_ids,
            quality=quality,
        )

        return keel_billing_v1_quality_level_info

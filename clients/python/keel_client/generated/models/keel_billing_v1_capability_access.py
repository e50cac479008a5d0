from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_capability import (
    KeelBillingV1Capability,
    check_keel_billing_v1_capability,
)
from ..models.keel_billing_v1_quality_level import (
    KeelBillingV1QualityLevel,
    check_keel_billing_v1_quality_level,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_model import KeelBillingV1Model


T = TypeVar("T", bound="KeelBillingV1CapabilityAccess")


@_attrs_define
class KeelBillingV1CapabilityAccess:
    """What a plan allows for one capability at one quality level.

    Attributes:
        capability (KeelBillingV1Capability | Unset):
        estimated_credits (str | Unset): Credits one request is estimated to cost (base cost × quality multiplier).
        models (list[KeelBillingV1Model] | Unset): By priority: the first is the default, the others are fallbacks.
        quality (KeelBillingV1QualityLevel | Unset): - `QUALITY_LEVEL_FAST`: Credit multiplier 1.0.
            - `QUALITY_LEVEL_ENHANCED`: Credit multiplier 1.5.
            - `QUALITY_LEVEL_PREMIUM`: Credit multiplier 3.0.
        requests_per_day (str | Unset):
        requests_per_minute (str | Unset): Unset: unlimited.
    """

    capability: KeelBillingV1Capability | Unset = UNSET
    estimated_credits: str | Unset = UNSET
    models: list[KeelBillingV1Model] | Unset = UNSET
    quality: KeelBillingV1QualityLevel | Unset = UNSET
    requests_per_day: str | Unset = UNSET
    requests_per_minute: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        capability: str | Unset = UNSET
        if not isinstance(self.capability, Unset):
            capability = self.capability

        estimated_credits = self.estimated_credits

        models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = []
            for models_item_data in self.models:
                models_item = models_item_data.to_dict()
                models.append(models_item)

        quality: str | Unset = UNSET
        if not isinstance(self.quality, Unset):
            quality = self.quality

        requests_per_day = self.requests_per_day

        requests_per_minute = self.requests_per_minute

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if capability is not UNSET:
            field_dict["capability"] = capability
        if estimated_credits is not UNSET:
            field_dict["estimated_credits"] = estimated_credits
        if models is not UNSET:
            field_dict["models"] = models
        if quality is not UNSET:
            field_dict["quality"] = quality
        if requests_per_day is not UNSET:
            field_dict["requests_per_day"] = requests_per_day
        if requests_per_minute is not UNSET:
            field_dict["requests_per_minute"] = requests_per_minute

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_model import KeelBillingV1Model  # noqa: PLC0415

        d = dict(src_dict)
        _capability = d.pop("capability", UNSET)
        capability: KeelBillingV1Capability | Unset
        if isinstance(_capability, Unset):
            capability = UNSET
        else:
            capability = check_keel_billing_v1_capability(_capability)

        estimated_credits = d.pop("estimated_credits", UNSET)

        _models = d.pop("models", UNSET)
        models: list[KeelBillingV1Model] | Unset = UNSET
        if _models is not UNSET:
            models = []
            for models_item_data in _models:
                models_item = KeelBillingV1Model.from_dict(models_item_data)

                models.append(models_item)

        _quality = d.pop("quality", UNSET)
        quality: KeelBillingV1QualityLevel | Unset
        if isinstance(_quality, Unset):
            quality = UNSET
        else:
            quality = check_keel_billing_v1_quality_level(_quality)

        requests_per_day = d.pop("requests_per_day", UNSET)

        requests_per_minute = d.pop("requests_per_minute", UNSET)

        keel_billing_v1_capability_access = cls(
            capability=capability,
            estimated_credits=estimated_credits,
            models=models,
            quality=quality,
            requests_per_day=requests_per_day,
            requests_per_minute=requests_per_minute,
        )

        return keel_billing_v1_capability_access

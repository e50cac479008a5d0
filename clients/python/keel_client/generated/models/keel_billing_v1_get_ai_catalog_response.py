from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_capability_info import KeelBillingV1CapabilityInfo
    from ..models.keel_billing_v1_model import KeelBillingV1Model
    from ..models.keel_billing_v1_quality_level_info import KeelBillingV1QualityLevelInfo


T = TypeVar("T", bound="KeelBillingV1GetAICatalogResponse")


@_attrs_define
class KeelBillingV1GetAICatalogResponse:
    """
    Attributes:
        capabilities (list[KeelBillingV1CapabilityInfo] | Unset):
        models (list[KeelBillingV1Model] | Unset): The active models, by quality level and priority.
        quality_levels (list[KeelBillingV1QualityLevelInfo] | Unset): Fast first.
    """

    capabilities: list[KeelBillingV1CapabilityInfo] | Unset = UNSET
    models: list[KeelBillingV1Model] | Unset = UNSET
    quality_levels: list[KeelBillingV1QualityLevelInfo] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        capabilities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = []
            for capabilities_item_data in self.capabilities:
                capabilities_item = capabilities_item_data.to_dict()
                capabilities.append(capabilities_item)

        models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = []
            for models_item_data in self.models:
                models_item = models_item_data.to_dict()
                models.append(models_item)

        quality_levels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.quality_levels, Unset):
            quality_levels = []
            for quality_levels_item_data in self.quality_levels:
                quality_levels_item = quality_levels_item_data.to_dict()
                quality_levels.append(quality_levels_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if models is not UNSET:
            field_dict["models"] = models
        if quality_levels is not UNSET:
            field_dict["quality_levels"] = quality_levels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_capability_info import KeelBillingV1CapabilityInfo  # noqa: PLC0415
        from ..models.keel_billing_v1_model import KeelBillingV1Model  # noqa: PLC0415
        from ..models.keel_billing_v1_quality_level_info import KeelBillingV1QualityLevelInfo  # noqa: PLC0415

        d = dict(src_dict)
        _capabilities = d.pop("capabilities", UNSET)
        capabilities: list[KeelBillingV1CapabilityInfo] | Unset = UNSET
        if _capabilities is not UNSET:
            capabilities = []
            for capabilities_item_data in _capabilities:
                capabilities_item = KeelBillingV1CapabilityInfo.from_dict(capabilities_item_data)

                capabilities.append(capabilities_item)

        _models = d.pop("models", UNSET)
        models: list[KeelBillingV1Model] | Unset = UNSET
        if _models is not UNSET:
            models = []
            for models_item_data in _models:
                models_item = KeelBillingV1Model.from_dict(models_item_data)

                models.append(models_item)

        _quality_levels = d.pop("quality_levels", UNSET)
        quality_levels: list[KeelBillingV1QualityLevelInfo] | Unset = UNSET
        if _quality_levels is not UNSET:
            quality_levels = []
            for quality_levels_item_data in _quality_levels:
                quality_levels_item = KeelBillingV1QualityLevelInfo.from_dict(
                    quality_levels_item_data
                )

                quality_levels.append(quality_levels_item)

        keel_billing_v1_get_ai_catalog_response = cls(
            capabilities=capabilities,
            models=models,
            quality_levels=quality_levels,
        )

        return keel_billing_v1_get_ai_catalog_response

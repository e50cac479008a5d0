from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.plan_service_check_ai_access_body_capability import (
    PlanServiceCheckAiAccessBodyCapability,
    check_plan_service_check_ai_access_body_capability,
)
from ..models.plan_service_check_ai_access_body_quality import (
    PlanServiceCheckAiAccessBodyQuality,
    check_plan_service_check_ai_access_body_quality,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanServiceCheckAiAccessBody")


@_attrs_define
class PlanServiceCheckAiAccessBody:
    """
    Attributes:
        capability (PlanServiceCheckAiAccessBodyCapability):
        quality (PlanServiceCheckAiAccessBodyQuality):
        consume (bool | Unset): Count this request against the per-minute and per-day limits.
    """

    capability: PlanServiceCheckAiAccessBodyCapability
    quality: PlanServiceCheckAiAccessBodyQuality
    consume: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        capability: str = self.capability

        quality: str = self.quality

        consume = self.consume

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "capability": capability,
                "quality": quality,
            }
        )
        if consume is not UNSET:
            field_dict["consume"] = consume

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capability = check_plan_service_check_ai_access_body_capability(d.pop("capability"))

        quality = check_plan_service_check_ai_access_body_quality(d.pop("quality"))

        consume = d.pop("consume", UNSET)

        plan_service_check_ai_access_body = cls(
            capability=capability,
            quality=quality,
            consume=consume,
        )

        return plan_service_check_ai_access_body

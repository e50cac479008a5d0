from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_capability_access import KeelBillingV1CapabilityAccess
    from ..models.keel_billing_v1_plan import KeelBillingV1Plan


T = TypeVar("T", bound="KeelBillingV1GetEntitlementsResponse")


@_attrs_define
class KeelBillingV1GetEntitlementsResponse:
    """
    Attributes:
        capabilities (list[KeelBillingV1CapabilityAccess] | Unset): Only what the plan allows.
        org_id (str | Unset):
        plan (KeelBillingV1Plan | Unset):
    """

    capabilities: list[KeelBillingV1CapabilityAccess] | Unset = UNSET
    org_id: str | Unset = UNSET
    plan: KeelBillingV1Plan | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        capabilities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = []
            for capabilities_item_data in self.capabilities:
                capabilities_item = capabilities_item_data.to_dict()
                capabilities.append(capabilities_item)

        org_id = self.org_id

        plan: dict[str, Any] | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if plan is not UNSET:
            field_dict["plan"] = plan

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_capability_access import KeelBillingV1CapabilityAccess  # noqa: PLC0415
        from ..models.keel_billing_v1_plan import KeelBillingV1Plan  # noqa: PLC0415

        d = dict(src_dict)
        _capabilities = d.pop("capabilities", UNSET)
        capabilities: list[KeelBillingV1CapabilityAccess] | Unset = UNSET
        if _capabilities is not UNSET:
            capabilities = []
            for capabilities_item_data in _capabilities:
                capabilities_item = KeelBillingV1CapabilityAccess.from_dict(capabilities_item_data)

                capabilities.append(capabilities_item)

        org_id = d.pop("org_id", UNSET)

        _plan = d.pop("plan", UNSET)
        plan: KeelBillingV1Plan | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = KeelBillingV1Plan.from_dict(_plan)

        keel_billing_v1_get_entitlements_response = cls(
            capabilities=capabilities,
            org_id=org_id,
            plan=plan,
        )

        return keel_billing_v1_get_entitlements_response

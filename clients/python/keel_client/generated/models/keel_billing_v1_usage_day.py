from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_usage_totals import KeelBillingV1UsageTotals


T = TypeVar("T", bound="KeelBillingV1UsageDay")


@_attrs_define
class KeelBillingV1UsageDay:
    """
    Attributes:
        date (str | Unset): UTC day, `2026-11-22`.
        totals (KeelBillingV1UsageTotals | Unset):
    """

    date: str | Unset = UNSET
    totals: KeelBillingV1UsageTotals | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        totals: dict[str, Any] | Unset = UNSET
        if not isinstance(self.totals, Unset):
            totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if date is not UNSET:
            field_dict["date"] = date
        if totals is not UNSET:
            field_dict["totals"] = totals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_usage_totals import KeelBillingV1UsageTotals  # noqa: PLC0415

        d = dict(src_dict)
        date = d.pop("date", UNSET)

        _totals = d.pop("totals", UNSET)
        totals: KeelBillingV1UsageTotals | Unset
        if isinstance(_totals, Unset):
            totals = UNSET
        else:
            totals = KeelBillingV1UsageTotals.from_dict(_totals)

        keel_billing_v1_usage_day = cls(
            date=date,
            totals=totals,
        )

        return keel_billing_v1_usage_day

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1Money")


@_attrs_define
class KeelBillingV1Money:
    """Money in integer minor units of a currency (cents for USD).

    Attributes:
        amount_minor (str | Unset):
        currency (str | Unset): ISO 4217, lower case, as Stripe writes it: `usd`.
    """

    amount_minor: str | Unset = UNSET
    currency: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount_minor is not UNSET:
            field_dict["amount_minor"] = amount_minor
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor", UNSET)

        currency = d.pop("currency", UNSET)

        keel_billing_v1_money = cls(
            amount_minor=amount_minor,
            currency=currency,
        )

        return keel_billing_v1_money

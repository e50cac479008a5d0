from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_money import KeelBillingV1Money


T = TypeVar("T", bound="KeelBillingV1CreditPackage")


@_attrs_define
class KeelBillingV1CreditPackage:
    """
    Attributes:
        credits_ (str | Unset): Decimal string.
        id (str | Unset): For example `credits_500`.
        name (str | Unset):
        price (KeelBillingV1Money | Unset): Money in integer minor units of a currency (cents for USD).
    """

    credits_: str | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    price: KeelBillingV1Money | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        id = self.id

        name = self.name

        price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.price, Unset):
            price = self.price.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if credits_ is not UNSET:
            field_dict["credits"] = credits_
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if price is not UNSET:
            field_dict["price"] = price

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_money import KeelBillingV1Money  # noqa: PLC0415

        d = dict(src_dict)
        credits_ = d.pop("credits", UNSET)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        _price = d.pop("price", UNSET)
        price: KeelBillingV1Money | Unset
        if isinstance(_price, Unset):
            price = UNSET
        else:
            price = KeelBillingV1Money.from_dict(_price)

        keel_billing_v1_credit_package = cls(
            credits_=credits_,
            id=id,
            name=name,
            price=price,
        )

        return keel_billing_v1_credit_package

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CreditServiceSetChildSpendingCapBody")


@_attrs_define
class CreditServiceSetChildSpendingCapBody:
    """
    Attributes:
        monthly_cap (str): Credits a month (UTC), zero or more: a decimal string with at most four places.
    """

    monthly_cap: str

    def to_dict(self) -> dict[str, Any]:
        monthly_cap = self.monthly_cap

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "monthly_cap": monthly_cap,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        monthly_cap = d.pop("monthly_cap")

        credit_service_set_child_spending_cap_body = cls(
            monthly_cap=monthly_cap,
        )

        return credit_service_set_child_spending_cap_body

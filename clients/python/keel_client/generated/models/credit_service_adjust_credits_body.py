from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreditServiceAdjustCreditsBody")


@_attrs_define
class CreditServiceAdjustCreditsBody:
    """
    Attributes:
        amount (str): Signed; applied to the monthly bucket (a negative amount may not take the available
            balance below minus the overdraft). Zero with `overdraft_limit` set changes only that.
        idempotency_key (str):
        reason (str):
        overdraft_limit (str | Unset): New overdraft limit (decimal string), when set.
    """

    amount: str
    idempotency_key: str
    reason: str
    overdraft_limit: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        idempotency_key = self.idempotency_key

        reason = self.reason

        overdraft_limit = self.overdraft_limit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "idempotency_key": idempotency_key,
                "reason": reason,
            }
        )
        if overdraft_limit is not UNSET:
            field_dict["overdraft_limit"] = overdraft_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        idempotency_key = d.pop("idempotency_key")

        reason = d.pop("reason")

        overdraft_limit = d.pop("overdraft_limit", UNSET)

        credit_service_adjust_credits_body = cls(
            amount=amount,
            idempotency_key=idempotency_key,
            reason=reason,
            overdraft_limit=overdraft_limit,
        )

        return credit_service_adjust_credits_body

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CreditServiceSettleBody")


@_attrs_define
class CreditServiceSettleBody:
    """
    Attributes:
        actual_amount (str): What the work really cost (zero is allowed).
        idempotency_key (str):
    """

    actual_amount: str
    idempotency_key: str

    def to_dict(self) -> dict[str, Any]:
        actual_amount = self.actual_amount

        idempotency_key = self.idempotency_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "actual_amount": actual_amount,
                "idempotency_key": idempotency_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actual_amount = d.pop("actual_amount")

        idempotency_key = d.pop("idempotency_key")

        credit_service_settle_body = cls(
            actual_amount=actual_amount,
            idempotency_key=idempotency_key,
        )

        return credit_service_settle_body

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CreditServiceReleaseBody")


@_attrs_define
class CreditServiceReleaseBody:
    """
    Attributes:
        idempotency_key (str):
    """

    idempotency_key: str

    def to_dict(self) -> dict[str, Any]:
        idempotency_key = self.idempotency_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "idempotency_key": idempotency_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        idempotency_key = d.pop("idempotency_key")

        credit_service_release_body = cls(
            idempotency_key=idempotency_key,
        )

        return credit_service_release_body

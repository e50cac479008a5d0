from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credit_service_reserve_body_metadata import CreditServiceReserveBodyMetadata


T = TypeVar("T", bound="CreditServiceReserveBody")


@_attrs_define
class CreditServiceReserveBody:
    """
    Attributes:
        amount (str): More than zero.
        idempotency_key (str): The same key returns the same reservation (8 to 128 visible ASCII characters).
        metadata (CreditServiceReserveBodyMetadata | Unset): Free-form context (run id, capability…), at most 4 KiB.
        ttl (str | Unset): How long the hold lasts unless settled or released; default 15 minutes, at most 24 h.
    """

    amount: str
    idempotency_key: str
    metadata: CreditServiceReserveBodyMetadata | Unset = UNSET
    ttl: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        idempotency_key = self.idempotency_key

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        ttl = self.ttl

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "idempotency_key": idempotency_key,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if ttl is not UNSET:
            field_dict["ttl"] = ttl

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credit_service_reserve_body_metadata import CreditServiceReserveBodyMetadata  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        idempotency_key = d.pop("idempotency_key")

        _metadata = d.pop("metadata", UNSET)
        metadata: CreditServiceReserveBodyMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreditServiceReserveBodyMetadata.from_dict(_metadata)

        ttl = d.pop("ttl", UNSET)

        credit_service_reserve_body = cls(
            amount=amount,
            idempotency_key=idempotency_key,
            metadata=metadata,
            ttl=ttl,
        )

        return credit_service_reserve_body

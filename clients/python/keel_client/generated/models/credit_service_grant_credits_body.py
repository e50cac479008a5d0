from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.credit_service_grant_credits_body_bucket import (
    CreditServiceGrantCreditsBodyBucket,
    check_credit_service_grant_credits_body_bucket,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreditServiceGrantCreditsBody")


@_attrs_define
class CreditServiceGrantCreditsBody:
    """
    Attributes:
        amount (str): More than zero.
        idempotency_key (str):
        reason (str):
        bucket (CreditServiceGrantCreditsBodyBucket | Unset): PROMOTIONAL (default) or PURCHASED (for example a top-up
            paid outside Stripe).
        expires_at (datetime.datetime | Unset): Unset: promotional credits expire after 90 days, purchased ones never.
    """

    amount: str
    idempotency_key: str
    reason: str
    bucket: CreditServiceGrantCreditsBodyBucket | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        idempotency_key = self.idempotency_key

        reason = self.reason

        bucket: str | Unset = UNSET
        if not isinstance(self.bucket, Unset):
            bucket = self.bucket

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "idempotency_key": idempotency_key,
                "reason": reason,
            }
        )
        if bucket is not UNSET:
            field_dict["bucket"] = bucket
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        idempotency_key = d.pop("idempotency_key")

        reason = d.pop("reason")

        _bucket = d.pop("bucket", UNSET)
        bucket: CreditServiceGrantCreditsBodyBucket | Unset
        if isinstance(_bucket, Unset):
            bucket = UNSET
        else:
            bucket = check_credit_service_grant_credits_body_bucket(_bucket)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        credit_service_grant_credits_body = cls(
            amount=amount,
            idempotency_key=idempotency_key,
            reason=reason,
            bucket=bucket,
            expires_at=expires_at,
        )

        return credit_service_grant_credits_body

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_bucket_kind import (
    KeelBillingV1BucketKind,
    check_keel_billing_v1_bucket_kind,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1Bucket")


@_attrs_define
class KeelBillingV1Bucket:
    """
    Attributes:
        expires_at (datetime.datetime | Unset): Unset: does not expire (purchased credits by default).
        kind (KeelBillingV1BucketKind | Unset): Burned in this order: the monthly allocation, then purchased top-ups,
            then promotions.

            - `BUCKET_KIND_MONTHLY`: Reset at each period end; the overdraft, if used, is carried here into the next period.
        remaining (str | Unset):
    """

    expires_at: datetime.datetime | Unset = UNSET
    kind: KeelBillingV1BucketKind | Unset = UNSET
    remaining: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        remaining = self.remaining

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if kind is not UNSET:
            field_dict["kind"] = kind
        if remaining is not UNSET:
            field_dict["remaining"] = remaining

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        _kind = d.pop("kind", UNSET)
        kind: KeelBillingV1BucketKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_keel_billing_v1_bucket_kind(_kind)

        remaining = d.pop("remaining", UNSET)

        keel_billing_v1_bucket = cls(
            expires_at=expires_at,
            kind=kind,
            remaining=remaining,
        )

        return keel_billing_v1_bucket

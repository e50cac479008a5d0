from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_bucket_kind import (
    KeelBillingV1BucketKind,
    check_keel_billing_v1_bucket_kind,
)
from ..models.keel_billing_v1_transaction_type import (
    KeelBillingV1TransactionType,
    check_keel_billing_v1_transaction_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_transaction_metadata import KeelBillingV1TransactionMetadata


T = TypeVar("T", bound="KeelBillingV1Transaction")


@_attrs_define
class KeelBillingV1Transaction:
    """
    Attributes:
        amount (str | Unset): Signed change of the balance ("-2.5"); zero for holds.
        balance_after (str | Unset):
        bucket (KeelBillingV1BucketKind | Unset): Burned in this order: the monthly allocation, then purchased top-ups,
            then promotions.

            - `BUCKET_KIND_MONTHLY`: Reset at each period end; the overdraft, if used, is carried here into the next period.
        created_at (datetime.datetime | Unset):
        id (str | Unset):
        idempotency_key (str | Unset):
        metadata (KeelBillingV1TransactionMetadata | Unset):
        org_id (str | Unset): The organization it was made for (a sub-organization's, on its pool).
        pool_org_id (str | Unset): The account's organization (a sub-organization's pool).
        reference (str | Unset): What it was for: a Stripe object id, a run id, a period.
        reservation_id (str | Unset):
        reserved_after (str | Unset):
        reserved_change (str | Unset): Signed change of the reserved amount (holds and settlements).
        type_ (KeelBillingV1TransactionType | Unset): - `TRANSACTION_TYPE_RESERVATION_HOLD`: Holds: they move credits
            between available and reserved, not the balance.
            - `TRANSACTION_TYPE_PURCHASE_REVERSAL`: Credits of a purchase taken back (negative: its payment was refunded or
            disputed; the
            balance may go below zero, and no new hold is made until it is covered) or given back
            (positive: a dispute won).
    """

    amount: str | Unset = UNSET
    balance_after: str | Unset = UNSET
    bucket: KeelBillingV1BucketKind | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    idempotency_key: str | Unset = UNSET
    metadata: KeelBillingV1TransactionMetadata | Unset = UNSET
    org_id: str | Unset = UNSET
    pool_org_id: str | Unset = UNSET
    reference: str | Unset = UNSET
    reservation_id: str | Unset = UNSET
    reserved_after: str | Unset = UNSET
    reserved_change: str | Unset = UNSET
    type_: KeelBillingV1TransactionType | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        balance_after = self.balance_after

        bucket: str | Unset = UNSET
        if not isinstance(self.bucket, Unset):
            bucket = self.bucket

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

        idempotency_key = self.idempotency_key

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        org_id = self.org_id

        pool_org_id = self.pool_org_id

        reference = self.reference

        reservation_id = self.reservation_id

        reserved_after = self.reserved_after

        reserved_change = self.reserved_change

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount is not UNSET:
            field_dict["amount"] = amount
        if balance_after is not UNSET:
            field_dict["balance_after"] = balance_after
        if bucket is not UNSET:
            field_dict["bucket"] = bucket
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if idempotency_key is not UNSET:
            field_dict["idempotency_key"] = idempotency_key
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if pool_org_id is not UNSET:
            field_dict["pool_org_id"] = pool_org_id
        if reference is not UNSET:
            field_dict["reference"] = reference
        if reservation_id is not UNSET:
            field_dict["reservation_id"] = reservation_id
        if reserved_after is not UNSET:
            field_dict["reserved_after"] = reserved_after
        if reserved_change is not UNSET:
            field_dict["reserved_change"] = reserved_change
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_transaction_metadata import KeelBillingV1TransactionMetadata  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount", UNSET)

        balance_after = d.pop("balance_after", UNSET)

        _bucket = d.pop("bucket", UNSET)
        bucket: KeelBillingV1BucketKind | Unset
        if isinstance(_bucket, Unset):
            bucket = UNSET
        else:
            bucket = check_keel_billing_v1_bucket_kind(_bucket)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        id = d.pop("id", UNSET)

        idempotency_key = d.pop("idempotency_key", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: KeelBillingV1TransactionMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = KeelBillingV1TransactionMetadata.from_dict(_metadata)

        org_id = d.pop("org_id", UNSET)

        pool_org_id = d.pop("pool_org_id", UNSET)

        reference = d.pop("reference", UNSET)

        reservation_id = d.pop("reservation_id", UNSET)

        reserved_after = d.pop("reserved_after", UNSET)

        reserved_change = d.pop("reserved_change", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: KeelBillingV1TransactionType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_keel_billing_v1_transaction_type(_type_)

        keel_billing_v1_transaction = cls(
            amount=amount,
            balance_after=balance_after,
            bucket=bucket,
            created_at=created_at,
            id=id,
            idempotency_key=idempotency_key,
            metadata=metadata,
            org_id=org_id,
            pool_org_id=pool_org_id,
            reference=reference,
            reservation_id=reservation_id,
            reserved_after=reserved_after,
            reserved_change=reserved_change,
            type_=type_,
        )

        return keel_billing_v1_transaction

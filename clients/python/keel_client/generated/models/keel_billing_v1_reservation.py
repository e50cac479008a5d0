from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_reservation_status import (
    KeelBillingV1ReservationStatus,
    check_keel_billing_v1_reservation_status,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_reservation_metadata import KeelBillingV1ReservationMetadata


T = TypeVar("T", bound="KeelBillingV1Reservation")


@_attrs_define
class KeelBillingV1Reservation:
    """
    Attributes:
        amount (str | Unset):
        created_at (datetime.datetime | Unset):
        expires_at (datetime.datetime | Unset):
        finished_at (datetime.datetime | Unset):
        id (str | Unset):
        metadata (KeelBillingV1ReservationMetadata | Unset):
        org_id (str | Unset): The organization it was made for (a sub-organization's, on its pool).
        pool_org_id (str | Unset): The account's organization (a sub-organization's pool).
        settled_amount (str | Unset): What was charged at settlement.
        status (KeelBillingV1ReservationStatus | Unset):
        uncovered_amount (str | Unset): What the settlement asked for beyond what the overdraft allowed (not charged).
    """

    amount: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    metadata: KeelBillingV1ReservationMetadata | Unset = UNSET
    org_id: str | Unset = UNSET
    pool_org_id: str | Unset = UNSET
    settled_amount: str | Unset = UNSET
    status: KeelBillingV1ReservationStatus | Unset = UNSET
    uncovered_amount: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        id = self.id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        org_id = self.org_id

        pool_org_id = self.pool_org_id

        settled_amount = self.settled_amount

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        uncovered_amount = self.uncovered_amount

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount is not UNSET:
            field_dict["amount"] = amount
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if id is not UNSET:
            field_dict["id"] = id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if pool_org_id is not UNSET:
            field_dict["pool_org_id"] = pool_org_id
        if settled_amount is not UNSET:
            field_dict["settled_amount"] = settled_amount
        if status is not UNSET:
            field_dict["status"] = status
        if uncovered_amount is not UNSET:
            field_dict["uncovered_amount"] = uncovered_amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_reservation_metadata import KeelBillingV1ReservationMetadata  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        _finished_at = d.pop("finished_at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        id = d.pop("id", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: KeelBillingV1ReservationMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = KeelBillingV1ReservationMetadata.from_dict(_metadata)

        org_id = d.pop("org_id", UNSET)

        pool_org_id = d.pop("pool_org_id", UNSET)

        settled_amount = d.pop("settled_amount", UNSET)

        _status = d.pop("status", UNSET)
        status: KeelBillingV1ReservationStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_keel_billing_v1_reservation_status(_status)

        uncovered_amount = d.pop("uncovered_amount", UNSET)

        keel_billing_v1_reservation = cls(
            amount=amount,
            created_at=created_at,
            expires_at=expires_at,
            finished_at=finished_at,
            id=id,
            metadata=metadata,
            org_id=org_id,
            pool_org_id=pool_org_id,
            settled_amount=settled_amount,
            status=status,
            uncovered_amount=uncovered_amount,
        )

        return keel_billing_v1_reservation

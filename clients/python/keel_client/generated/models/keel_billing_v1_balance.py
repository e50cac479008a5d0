from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_bucket import KeelBillingV1Bucket
    from ..models.keel_billing_v1_child_spending import KeelBillingV1ChildSpending


T = TypeVar("T", bound="KeelBillingV1Balance")


@_attrs_define
class KeelBillingV1Balance:
    """An organization's balance. A sub-organization has no credits of its own: it spends its
    pool, the account of its top-level ancestor (`pool_org_id`), whose balance this is, and
    its `spendable` is the pool's within what is left of its monthly cap.

        Attributes:
            available (str | Unset): balance - reserved.
            balance (str | Unset): Sum of the buckets (negative when the overdraft is in use).
            buckets (list[KeelBillingV1Bucket] | Unset):
            monthly_allocation (str | Unset): The monthly allocation of the current plan.
            org_id (str | Unset): The organization asked about.
            overdraft_limit (str | Unset):
            period_end (datetime.datetime | Unset):
            pool_org_id (str | Unset): The account's organization: `org_id` itself, or a sub-organization's top-level
                ancestor.
            reserved (str | Unset): Held by reservations in flight.
            spendable (str | Unset): available + overdraft_limit: what a new reservation or a settlement may reach (a
                sub-organization's new reservation: within what is left of its monthly cap).
            sub_organization (KeelBillingV1ChildSpending | Unset): A sub-organization's month on its pool (UTC): its cap and
                what it spent.
    """

    available: str | Unset = UNSET
    balance: str | Unset = UNSET
    buckets: list[KeelBillingV1Bucket] | Unset = UNSET
    monthly_allocation: str | Unset = UNSET
    org_id: str | Unset = UNSET
    overdraft_limit: str | Unset = UNSET
    period_end: datetime.datetime | Unset = UNSET
    pool_org_id: str | Unset = UNSET
    reserved: str | Unset = UNSET
    spendable: str | Unset = UNSET
    sub_organization: KeelBillingV1ChildSpending | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        balance = self.balance

        buckets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.buckets, Unset):
            buckets = []
            for buckets_item_data in self.buckets:
                buckets_item = buckets_item_data.to_dict()
                buckets.append(buckets_item)

        monthly_allocation = self.monthly_allocation

        org_id = self.org_id

        overdraft_limit = self.overdraft_limit

        period_end: str | Unset = UNSET
        if not isinstance(self.period_end, Unset):
            period_end = self.period_end.isoformat()

        pool_org_id = self.pool_org_id

        reserved = self.reserved

        spendable = self.spendable

        sub_organization: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sub_organization, Unset):
            sub_organization = self.sub_organization.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if available is not UNSET:
            field_dict["available"] = available
        if balance is not UNSET:
            field_dict["balance"] = balance
        if buckets is not UNSET:
            field_dict["buckets"] = buckets
        if monthly_allocation is not UNSET:
            field_dict["monthly_allocation"] = monthly_allocation
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if overdraft_limit is not UNSET:
            field_dict["overdraft_limit"] = overdraft_limit
        if period_end is not UNSET:
            field_dict["period_end"] = period_end
        if pool_org_id is not UNSET:
            field_dict["pool_org_id"] = pool_org_id
        if reserved is not UNSET:
            field_dict["reserved"] = reserved
        if spendable is not UNSET:
            field_dict["spendable"] = spendable
        if sub_organization is not UNSET:
            field_dict["sub_organization"] = sub_organization

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_bucket import KeelBillingV1Bucket  # noqa: PLC0415
        from ..models.keel_billing_v1_child_spending import KeelBillingV1ChildSpending  # noqa: PLC0415

        d = dict(src_dict)
        available = d.pop("available", UNSET)

        balance = d.pop("balance", UNSET)

        _buckets = d.pop("buckets", UNSET)
        buckets: list[KeelBillingV1Bucket] | Unset = UNSET
        if _buckets is not UNSET:
            buckets = []
            for buckets_item_data in _buckets:
                buckets_item = KeelBillingV1Bucket.from_dict(buckets_item_data)

                buckets.append(buckets_item)

        monthly_allocation = d.pop("monthly_allocation", UNSET)

        org_id = d.pop("org_id", UNSET)

        overdraft_limit = d.pop("overdraft_limit", UNSET)

        _period_end = d.pop("period_end", UNSET)
        period_end: datetime.datetime | Unset
        if isinstance(_period_end, Unset):
            period_end = UNSET
        else:
            period_end = datetime.datetime.fromisoformat(_period_end)

        pool_org_id = d.pop("pool_org_id", UNSET)

        reserved = d.pop("reserved", UNSET)

        spendable = d.pop("spendable", UNSET)

        _sub_organization = d.pop("sub_organization", UNSET)
        sub_organization: KeelBillingV1ChildSpending | Unset
        if isinstance(_sub_organization, Unset):
            sub_organization = UNSET
        else:
            sub_organization = KeelBillingV1ChildSpending.from_dict(_sub_organization)

        keel_billing_v1_balance = cls(
            available=available,
            balance=balance,
            buckets=buckets,
            monthly_allocation=monthly_allocation,
            org_id=org_id,
            overdraft_limit=overdraft_limit,
            period_end=period_end,
            pool_org_id=pool_org_id,
            reserved=reserved,
            spendable=spendable,
            sub_organization=sub_organization,
        )

        return keel_billing_v1_balance

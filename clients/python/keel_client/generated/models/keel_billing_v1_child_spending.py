from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1ChildSpending")


@_attrs_define
class KeelBillingV1ChildSpending:
    """A sub-organization's month on its pool (UTC): its cap and what it spent.

    Attributes:
        cap_set_by (str | Unset): Who set the cap (a user id, or `api_key:<id>`) and when; empty without one.
        cap_updated_at (datetime.datetime | Unset):
        child_org_id (str | Unset):
        month_start (datetime.datetime | Unset): The month counted: from its first instant, UTC.
        monthly_cap (str | Unset): Credits a month; empty: no cap (the whole pool).
        parent_org_id (str | Unset): The direct parent, whose owners set the cap.
        remaining (str | Unset): What is left of the cap (below zero when lowered under what is spent); empty: no cap.
        spent (str | Unset): This month's charges and what its open holds take now.
    """

    cap_set_by: str | Unset = UNSET
    cap_updated_at: datetime.datetime | Unset = UNSET
    child_org_id: str | Unset = UNSET
    month_start: datetime.datetime | Unset = UNSET
    monthly_cap: str | Unset = UNSET
    parent_org_id: str | Unset = UNSET
    remaining: str | Unset = UNSET
    spent: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cap_set_by = self.cap_set_by

        cap_updated_at: str | Unset = UNSET
        if not isinstance(self.cap_updated_at, Unset):
            cap_updated_at = self.cap_updated_at.isoformat()

        child_org_id = self.child_org_id

        month_start: str | Unset = UNSET
        if not isinstance(self.month_start, Unset):
            month_start = self.month_start.isoformat()

        monthly_cap = self.monthly_cap

        parent_org_id = self.parent_org_id

        remaining = self.remaining

        spent = self.spent

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cap_set_by is not UNSET:
            field_dict["cap_set_by"] = cap_set_by
        if cap_updated_at is not UNSET:
            field_dict["cap_updated_at"] = cap_updated_at
        if child_org_id is not UNSET:
            field_dict["child_org_id"] = child_org_id
        if month_start is not UNSET:
            field_dict["month_start"] = month_start
        if monthly_cap is not UNSET:
            field_dict["monthly_cap"] = monthly_cap
        if parent_org_id is not UNSET:
            field_dict["parent_org_id"] = parent_org_id
        if remaining is not UNSET:
            field_dict["remaining"] = remaining
        if spent is not UNSET:
            field_dict["spent"] = spent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cap_set_by = d.pop("cap_set_by", UNSET)

        _cap_updated_at = d.pop("cap_updated_at", UNSET)
        cap_updated_at: datetime.datetime | Unset
        if isinstance(_cap_updated_at, Unset):
            cap_updated_at = UNSET
        else:
            cap_updated_at = datetime.datetime.fromisoformat(_cap_updated_at)

        child_org_id = d.pop("child_org_id", UNSET)

        _month_start = d.pop("month_start", UNSET)
        month_start: datetime.datetime | Unset
        if isinstance(_month_start, Unset):
            month_start = UNSET
        else:
            month_start = datetime.datetime.fromisoformat(_month_start)

        monthly_cap = d.pop("monthly_cap", UNSET)

        parent_org_id = d.pop("parent_org_id", UNSET)

        remaining = d.pop("remaining", UNSET)

        spent = d.pop("spent", UNSET)

        keel_billing_v1_child_spending = cls(
            cap_set_by=cap_set_by,
            cap_updated_at=cap_updated_at,
            child_org_id=child_org_id,
            month_start=month_start,
            monthly_cap=monthly_cap,
            parent_org_id=parent_org_id,
            remaining=remaining,
            spent=spent,
        )

        return keel_billing_v1_child_spending

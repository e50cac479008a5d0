from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_limit_kind import (
    KeelBillingV1LimitKind,
    check_keel_billing_v1_limit_kind,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1LimitUsage")


@_attrs_define
class KeelBillingV1LimitUsage:
    """One limit and how much of it is used.

    Attributes:
        kind (KeelBillingV1LimitKind | Unset): - `LIMIT_KIND_AGENTS`: Agents the organization has (created minus
            deleted).
            - `LIMIT_KIND_MONTHLY_RUNS`: Runs in the billing period; also checks and consumes the hourly run rate.
        limit (str | Unset): Unset: unlimited.
        percent (int | Unset): used / limit in percent, rounded down; unset when unlimited.
        used (str | Unset):
    """

    kind: KeelBillingV1LimitKind | Unset = UNSET
    limit: str | Unset = UNSET
    percent: int | Unset = UNSET
    used: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        limit = self.limit

        percent = self.percent

        used = self.used

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind
        if limit is not UNSET:
            field_dict["limit"] = limit
        if percent is not UNSET:
            field_dict["percent"] = percent
        if used is not UNSET:
            field_dict["used"] = used

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _kind = d.pop("kind", UNSET)
        kind: KeelBillingV1LimitKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_keel_billing_v1_limit_kind(_kind)

        limit = d.pop("limit", UNSET)

        percent = d.pop("percent", UNSET)

        used = d.pop("used", UNSET)

        keel_billing_v1_limit_usage = cls(
            kind=kind,
            limit=limit,
            percent=percent,
            used=used,
        )

        return keel_billing_v1_limit_usage

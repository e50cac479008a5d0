from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1GetSubmissionStatsResponse")


@_attrs_define
class KeelCatalogV1GetSubmissionStatsResponse:
    """
    Attributes:
        approved (str | Unset):
        pending (str | Unset):
        rejected (str | Unset):
        total (str | Unset):
        withdrawn (str | Unset):
    """

    approved: str | Unset = UNSET
    pending: str | Unset = UNSET
    rejected: str | Unset = UNSET
    total: str | Unset = UNSET
    withdrawn: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        pending = self.pending

        rejected = self.rejected

        total = self.total

        withdrawn = self.withdrawn

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if approved is not UNSET:
            field_dict["approved"] = approved
        if pending is not UNSET:
            field_dict["pending"] = pending
        if rejected is not UNSET:
            field_dict["rejected"] = rejected
        if total is not UNSET:
            field_dict["total"] = total
        if withdrawn is not UNSET:
            field_dict["withdrawn"] = withdrawn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved", UNSET)

        pending = d.pop("pending", UNSET)

        rejected = d.pop("rejected", UNSET)

        total = d.pop("total", UNSET)

        withdrawn = d.pop("withdrawn", UNSET)

        keel_catalog_v1_get_submission_stats_response = cls(
            approved=approved,
            pending=pending,
            rejected=rejected,
            total=total,
            withdrawn=withdrawn,
        )

        return keel_catalog_v1_get_submission_stats_response

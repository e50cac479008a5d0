from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmissionReviewServiceApproveSubmissionBody")


@_attrs_define
class SubmissionReviewServiceApproveSubmissionBody:
    """
    Attributes:
        notes (str | Unset): Notes of the template version the approval publishes.
    """

    notes: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notes = d.pop("notes", UNSET)

        submission_review_service_approve_submission_body = cls(
            notes=notes,
        )

        return submission_review_service_approve_submission_body

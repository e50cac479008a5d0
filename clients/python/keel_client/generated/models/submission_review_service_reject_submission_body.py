from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubmissionReviewServiceRejectSubmissionBody")


@_attrs_define
class SubmissionReviewServiceRejectSubmissionBody:
    """
    Attributes:
        reason (str): Why, for the submitter (not only spaces).
    """

    reason: str

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        submission_review_service_reject_submission_body = cls(
            reason=reason,
        )

        return submission_review_service_reject_submission_body

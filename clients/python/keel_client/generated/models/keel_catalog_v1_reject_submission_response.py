from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_submission import KeelCatalogV1Submission


T = TypeVar("T", bound="KeelCatalogV1RejectSubmissionResponse")


@_attrs_define
class KeelCatalogV1RejectSubmissionResponse:
    """
    Attributes:
        submission (KeelCatalogV1Submission | Unset):
    """

    submission: KeelCatalogV1Submission | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        submission: dict[str, Any] | Unset = UNSET
        if not isinstance(self.submission, Unset):
            submission = self.submission.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if submission is not UNSET:
            field_dict["submission"] = submission

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_submission import KeelCatalogV1Submission  # noqa: PLC0415

        d = dict(src_dict)
        _submission = d.pop("submission", UNSET)
        submission: KeelCatalogV1Submission | Unset
        if isinstance(_submission, Unset):
            submission = UNSET
        else:
            submission = KeelCatalogV1Submission.from_dict(_submission)

        keel_catalog_v1_reject_submission_response = cls(
            submission=submission,
        )

        return keel_catalog_v1_reject_submission_response

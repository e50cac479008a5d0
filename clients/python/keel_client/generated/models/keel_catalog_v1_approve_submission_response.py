from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_submission import KeelCatalogV1Submission
    from ..models.keel_catalog_v1_template import KeelCatalogV1Template


T = TypeVar("T", bound="KeelCatalogV1ApproveSubmissionResponse")


@_attrs_define
class KeelCatalogV1ApproveSubmissionResponse:
    """
    Attributes:
        submission (KeelCatalogV1Submission | Unset):
        template (KeelCatalogV1Template | Unset):
    """

    submission: KeelCatalogV1Submission | Unset = UNSET
    template: KeelCatalogV1Template | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        submission: dict[str, Any] | Unset = UNSET
        if not isinstance(self.submission, Unset):
            submission = self.submission.to_dict()

        template: dict[str, Any] | Unset = UNSET
        if not isinstance(self.template, Unset):
            template = self.template.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if submission is not UNSET:
            field_dict["submission"] = submission
        if template is not UNSET:
            field_dict["template"] = template

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_submission import KeelCatalogV1Submission  # noqa: PLC0415
        from ..models.keel_catalog_v1_template import KeelCatalogV1Template  # noqa: PLC0415

        d = dict(src_dict)
        _submission = d.pop("submission", UNSET)
        submission: KeelCatalogV1Submission | Unset
        if isinstance(_submission, Unset):
            submission = UNSET
        else:
            submission = KeelCatalogV1Submission.from_dict(_submission)

        _template = d.pop("template", UNSET)
        template: KeelCatalogV1Template | Unset
        if isinstance(_template, Unset):
            template = UNSET
        else:
            template = KeelCatalogV1Template.from_dict(_template)

        keel_catalog_v1_approve_submission_response = cls(
            submission=submission,
            template=template,
        )

        return keel_catalog_v1_approve_submission_response

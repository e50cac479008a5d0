from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_submission import KeelCatalogV1Submission


T = TypeVar("T", bound="KeelCatalogV1ListAllSubmissionsResponse")


@_attrs_define
class KeelCatalogV1ListAllSubmissionsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        submissions (list[KeelCatalogV1Submission] | Unset):
    """

    next_page_token: str | Unset = UNSET
    submissions: list[KeelCatalogV1Submission] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        submissions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.submissions, Unset):
            submissions = []
            for submissions_item_data in self.submissions:
                submissions_item = submissions_item_data.to_dict()
                submissions.append(submissions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if submissions is not UNSET:
            field_dict["submissions"] = submissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_submission import KeelCatalogV1Submission  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _submissions = d.pop("submissions", UNSET)
        submissions: list[KeelCatalogV1Submission] | Unset = UNSET
        if _submissions is not UNSET:
            submissions = []
            for submissions_item_data in _submissions:
                submissions_item = KeelCatalogV1Submission.from_dict(submissions_item_data)

                submissions.append(submissions_item)

        keel_catalog_v1_list_all_submissions_response = cls(
            next_page_token=next_page_token,
            submissions=submissions,
        )

        return keel_catalog_v1_list_all_submissions_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_child_spending import KeelBillingV1ChildSpending


T = TypeVar("T", bound="KeelBillingV1ListChildSpendingResponse")


@_attrs_define
class KeelBillingV1ListChildSpendingResponse:
    """
    Attributes:
        children (list[KeelBillingV1ChildSpending] | Unset): Oldest sub-organization first.
        next_page_token (str | Unset):
    """

    children: list[KeelBillingV1ChildSpending] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        children: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.children, Unset):
            children = []
            for children_item_data in self.children:
                children_item = children_item_data.to_dict()
                children.append(children_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if children is not UNSET:
            field_dict["children"] = children
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_child_spending import KeelBillingV1ChildSpending  # noqa: PLC0415

        d = dict(src_dict)
        _children = d.pop("children", UNSET)
        children: list[KeelBillingV1ChildSpending] | Unset = UNSET
        if _children is not UNSET:
            children = []
            for children_item_data in _children:
                children_item = KeelBillingV1ChildSpending.from_dict(children_item_data)

                children.append(children_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_billing_v1_list_child_spending_response = cls(
            children=children,
            next_page_token=next_page_token,
        )

        return keel_billing_v1_list_child_spending_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_transaction import KeelBillingV1Transaction


T = TypeVar("T", bound="KeelBillingV1ListTransactionsResponse")


@_attrs_define
class KeelBillingV1ListTransactionsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        transactions (list[KeelBillingV1Transaction] | Unset):
    """

    next_page_token: str | Unset = UNSET
    transactions: list[KeelBillingV1Transaction] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        transactions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.transactions, Unset):
            transactions = []
            for transactions_item_data in self.transactions:
                transactions_item = transactions_item_data.to_dict()
                transactions.append(transactions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if transactions is not UNSET:
            field_dict["transactions"] = transactions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_transaction import KeelBillingV1Transaction  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _transactions = d.pop("transactions", UNSET)
        transactions: list[KeelBillingV1Transaction] | Unset = UNSET
        if _transactions is not UNSET:
            transactions = []
            for transactions_item_data in _transactions:
                transactions_item = KeelBillingV1Transaction.from_dict(transactions_item_data)

                transactions.append(transactions_item)

        keel_billing_v1_list_transactions_response = cls(
            next_page_token=next_page_token,
            transactions=transactions,
        )

        return keel_billing_v1_list_transactions_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_balance import KeelBillingV1Balance
    from ..models.keel_billing_v1_transaction import KeelBillingV1Transaction


T = TypeVar("T", bound="KeelBillingV1GrantCreditsResponse")


@_attrs_define
class KeelBillingV1GrantCreditsResponse:
    """
    Attributes:
        balance (KeelBillingV1Balance | Unset): An organization's balance. A sub-organization has no credits of its own:
            it spends its
            pool, the account of its top-level ancestor (`pool_org_id`), whose balance this is, and
            its `spendable` is the pool's within what is left of its monthly cap.
        transaction (KeelBillingV1Transaction | Unset):
    """

    balance: KeelBillingV1Balance | Unset = UNSET
    transaction: KeelBillingV1Transaction | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        balance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.balance, Unset):
            balance = self.balance.to_dict()

        transaction: dict[str, Any] | Unset = UNSET
        if not isinstance(self.transaction, Unset):
            transaction = self.transaction.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if balance is not UNSET:
            field_dict["balance"] = balance
        if transaction is not UNSET:
            field_dict["transaction"] = transaction

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_balance import KeelBillingV1Balance  # noqa: PLC0415
        from ..models.keel_billing_v1_transaction import KeelBillingV1Transaction  # noqa: PLC0415

        d = dict(src_dict)
        _balance = d.pop("balance", UNSET)
        balance: KeelBillingV1Balance | Unset
        if isinstance(_balance, Unset):
            balance = UNSET
        else:
            balance = KeelBillingV1Balance.from_dict(_balance)

        _transaction = d.pop("transaction", UNSET)
        transaction: KeelBillingV1Transaction | Unset
        if isinstance(_transaction, Unset):
            transaction = UNSET
        else:
            transaction = KeelBillingV1Transaction.from_dict(_transaction)

        keel_billing_v1_grant_credits_response = cls(
            balance=balance,
            transaction=transaction,
        )

        return keel_billing_v1_grant_credits_response

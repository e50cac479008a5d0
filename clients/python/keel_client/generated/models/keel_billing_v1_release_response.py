from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_balance import KeelBillingV1Balance
    from ..models.keel_billing_v1_reservation import KeelBillingV1Reservation


T = TypeVar("T", bound="KeelBillingV1ReleaseResponse")


@_attrs_define
class KeelBillingV1ReleaseResponse:
    """
    Attributes:
        balance (KeelBillingV1Balance | Unset): An organization's balance. A sub-organization has no credits of its own:
            it spends its
            pool, the account of its top-level ancestor (`pool_org_id`), whose balance this is, and
            its `spendable` is the pool's within what is left of its monthly cap.
        reservation (KeelBillingV1Reservation | Unset):
    """

    balance: KeelBillingV1Balance | Unset = UNSET
    reservation: KeelBillingV1Reservation | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        balance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.balance, Unset):
            balance = self.balance.to_dict()

        reservation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reservation, Unset):
            reservation = self.reservation.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if balance is not UNSET:
            field_dict["balance"] = balance
        if reservation is not UNSET:
            field_dict["reservation"] = reservation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_balance import KeelBillingV1Balance  # noqa: PLC0415
        from ..models.keel_billing_v1_reservation import KeelBillingV1Reservation  # noqa: PLC0415

        d = dict(src_dict)
        _balance = d.pop("balance", UNSET)
        balance: KeelBillingV1Balance | Unset
        if isinstance(_balance, Unset):
            balance = UNSET
        else:
            balance = KeelBillingV1Balance.from_dict(_balance)

        _reservation = d.pop("reservation", UNSET)
        reservation: KeelBillingV1Reservation | Unset
        if isinstance(_reservation, Unset):
            reservation = UNSET
        else:
            reservation = KeelBillingV1Reservation.from_dict(_reservation)

        keel_billing_v1_release_response = cls(
            balance=balance,
            reservation=reservation,
        )

        return keel_billing_v1_release_response

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_credit_package import KeelBillingV1CreditPackage


T = TypeVar("T", bound="KeelBillingV1ListCreditPackagesResponse")


@_attrs_define
class KeelBillingV1ListCreditPackagesResponse:
    """
    Attributes:
        packages (list[KeelBillingV1CreditPackage] | Unset):
    """

    packages: list[KeelBillingV1CreditPackage] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        packages: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.packages, Unset):
            packages = []
            for packages_item_data in self.packages:
                packages_item = packages_item_data.to_dict()
                packages.append(packages_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if packages is not UNSET:
            field_dict["packages"] = packages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_credit_package import KeelBillingV1CreditPackage  # noqa: PLC0415

        d = dict(src_dict)
        _packages = d.pop("packages", UNSET)
        packages: list[KeelBillingV1CreditPackage] | Unset = UNSET
        if _packages is not UNSET:
            packages = []
            for packages_item_data in _packages:
                packages_item = KeelBillingV1CreditPackage.from_dict(packages_item_data)

                packages.append(packages_item)

        keel_billing_v1_list_credit_packages_response = cls(
            packages=packages,
        )

        return keel_billing_v1_list_credit_packages_response

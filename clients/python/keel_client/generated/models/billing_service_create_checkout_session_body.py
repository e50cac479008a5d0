from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.billing_service_create_checkout_session_body_plan import (
    BillingServiceCreateCheckoutSessionBodyPlan,
    check_billing_service_create_checkout_session_body_plan,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="BillingServiceCreateCheckoutSessionBody")


@_attrs_define
class BillingServiceCreateCheckoutSessionBody:
    """
    Attributes:
        success_url (str): Where Stripe sends the user afterwards (https, or http on localhost).
        cancel_url (Literal[''] | str | Unset): Where Stripe sends the user who backs out; optional.
        credit_package_id (str | Unset):
        plan (BillingServiceCreateCheckoutSessionBodyPlan | Unset):
    """

    success_url: str
    cancel_url: Literal[""] | str | Unset = UNSET
    credit_package_id: str | Unset = UNSET
    plan: BillingServiceCreateCheckoutSessionBodyPlan | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        success_url = self.success_url

        cancel_url: Literal[""] | str | Unset
        if isinstance(self.cancel_url, Unset):
            cancel_url = UNSET
        else:
            cancel_url = self.cancel_url

        credit_package_id = self.credit_package_id

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success_url": success_url,
            }
        )
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url
        if credit_package_id is not UNSET:
            field_dict["credit_package_id"] = credit_package_id
        if plan is not UNSET:
            field_dict["plan"] = plan

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success_url = d.pop("success_url")

        def _parse_cancel_url(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            cancel_url_type_0 = cast(Literal[""], data)
            if cancel_url_type_0 != "":
                raise ValueError(
                    f"cancel_url_type_0 must match const '', got '{cancel_url_type_0}'"
                )
            return cancel_url_type_0
            return cast(Literal[""] | str | Unset, data)

        cancel_url = _parse_cancel_url(d.pop("cancel_url", UNSET))

        credit_package_id = d.pop("credit_package_id", UNSET)

        _plan = d.pop("plan", UNSET)
        plan: BillingServiceCreateCheckoutSessionBodyPlan | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = check_billing_service_create_checkout_session_body_plan(_plan)

        billing_service_create_checkout_session_body = cls(
            success_url=success_url,
            cancel_url=cancel_url,
            credit_package_id=credit_package_id,
            plan=plan,
        )

        return billing_service_create_checkout_session_body

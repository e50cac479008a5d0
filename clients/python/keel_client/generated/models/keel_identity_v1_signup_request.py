from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="KeelIdentityV1SignupRequest")


@_attrs_define
class KeelIdentityV1SignupRequest:
    """
    Attributes:
        display_name (str):
        email (str):
        password (str): 10 to 128 characters; not containing the e-mail's name.
    """

    display_name: str
    email: str
    password: str

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        email = self.email

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "display_name": display_name,
                "email": email,
                "password": password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("display_name")

        email = d.pop("email")

        password = d.pop("password")

        keel_identity_v1_signup_request = cls(
            display_name=display_name,
            email=email,
            password=password,
        )

        return keel_identity_v1_signup_request

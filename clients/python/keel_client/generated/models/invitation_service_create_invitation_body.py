from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invitation_service_create_invitation_body_role import (
    InvitationServiceCreateInvitationBodyRole,
    check_invitation_service_create_invitation_body_role,
)

T = TypeVar("T", bound="InvitationServiceCreateInvitationBody")


@_attrs_define
class InvitationServiceCreateInvitationBody:
    """
    Attributes:
        email (str):
        role (InvitationServiceCreateInvitationBodyRole):
    """

    email: str
    role: InvitationServiceCreateInvitationBodyRole

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        role = check_invitation_service_create_invitation_body_role(d.pop("role"))

        invitation_service_create_invitation_body = cls(
            email=email,
            role=role,
        )

        return invitation_service_create_invitation_body

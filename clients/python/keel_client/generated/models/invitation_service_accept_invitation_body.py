from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="InvitationServiceAcceptInvitationBody")


@_attrs_define
class InvitationServiceAcceptInvitationBody:
    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        invitation_service_accept_invitation_body = cls()

        return invitation_service_accept_invitation_body

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="KeelIdentityV1DeleteOrganizationResponse")


@_attrs_define
class KeelIdentityV1DeleteOrganizationResponse:
    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        keel_identity_v1_delete_organization_response = cls()

        return keel_identity_v1_delete_organization_response

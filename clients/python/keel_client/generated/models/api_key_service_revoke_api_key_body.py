from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ApiKeyServiceRevokeApiKeyBody")


@_attrs_define
class ApiKeyServiceRevokeApiKeyBody:
    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        api_key_service_revoke_api_key_body = cls()

        return api_key_service_revoke_api_key_body

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.api_key_service_create_api_key_body_kind import (
    ApiKeyServiceCreateApiKeyBodyKind,
    check_api_key_service_create_api_key_body_kind,
)
from ..models.api_key_service_create_api_key_body_scopes_item import (
    ApiKeyServiceCreateApiKeyBodyScopesItem,
    check_api_key_service_create_api_key_body_scopes_item,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeyServiceCreateApiKeyBody")


@_attrs_define
class ApiKeyServiceCreateApiKeyBody:
    """
    Attributes:
        kind (ApiKeyServiceCreateApiKeyBodyKind):
        name (str):
        scopes (list[ApiKeyServiceCreateApiKeyBodyScopesItem]): Each at most what the creator may do in the
            organization.
        expires_at (datetime.datetime | Unset): Unset: never expires.
    """

    kind: ApiKeyServiceCreateApiKeyBodyKind
    name: str
    scopes: list[ApiKeyServiceCreateApiKeyBodyScopesItem]
    expires_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item: str = scopes_item_data
            scopes.append(scopes_item)

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
                "scopes": scopes,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = check_api_key_service_create_api_key_body_kind(d.pop("kind"))

        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = check_api_key_service_create_api_key_body_scopes_item(scopes_item_data)

            scopes.append(scopes_item)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        api_key_service_create_api_key_body = cls(
            kind=kind,
            name=name,
            scopes=scopes,
            expires_at=expires_at,
        )

        return api_key_service_create_api_key_body

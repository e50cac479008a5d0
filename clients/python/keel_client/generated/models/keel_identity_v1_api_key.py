from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_identity_v1_api_key_kind import (
    KeelIdentityV1ApiKeyKind,
    check_keel_identity_v1_api_key_kind,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1ApiKey")


@_attrs_define
class KeelIdentityV1ApiKey:
    """
    Attributes:
        created_at (datetime.datetime | Unset):
        created_by_user_id (str | Unset):
        expires_at (datetime.datetime | Unset):
        id (str | Unset): `opk_…`: the public id.
        kind (KeelIdentityV1ApiKeyKind | Unset): - `API_KEY_KIND_USER`: Acts for its creator: stops working when they
            leave the organization or are suspended,
            and never does more than they may.
            - `API_KEY_KIND_SERVICE`: Belongs to the organization (integrations, servers); outlives its creator.
        last_used_at (datetime.datetime | Unset):
        name (str | Unset):
        org_id (str | Unset):
        revoked_at (datetime.datetime | Unset):
        scopes (list[str] | Unset):
        secret_prefix (str | Unset): The first characters of the secret (`osk_AbCd`), to tell keys apart.
    """

    created_at: datetime.datetime | Unset = UNSET
    created_by_user_id: str | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    kind: KeelIdentityV1ApiKeyKind | Unset = UNSET
    last_used_at: datetime.datetime | Unset = UNSET
    name: str | Unset = UNSET
    org_id: str | Unset = UNSET
    revoked_at: datetime.datetime | Unset = UNSET
    scopes: list[str] | Unset = UNSET
    secret_prefix: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by_user_id = self.created_by_user_id

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        id = self.id

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        last_used_at: str | Unset = UNSET
        if not isinstance(self.last_used_at, Unset):
            last_used_at = self.last_used_at.isoformat()

        name = self.name

        org_id = self.org_id

        revoked_at: str | Unset = UNSET
        if not isinstance(self.revoked_at, Unset):
            revoked_at = self.revoked_at.isoformat()

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = self.scopes

        secret_prefix = self.secret_prefix

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by_user_id is not UNSET:
            field_dict["created_by_user_id"] = created_by_user_id
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if id is not UNSET:
            field_dict["id"] = id
        if kind is not UNSET:
            field_dict["kind"] = kind
        if last_used_at is not UNSET:
            field_dict["last_used_at"] = last_used_at
        if name is not UNSET:
            field_dict["name"] = name
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if secret_prefix is not UNSET:
            field_dict["secret_prefix"] = secret_prefix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by_user_id = d.pop("created_by_user_id", UNSET)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        id = d.pop("id", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: KeelIdentityV1ApiKeyKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_keel_identity_v1_api_key_kind(_kind)

        _last_used_at = d.pop("last_used_at", UNSET)
        last_used_at: datetime.datetime | Unset
        if isinstance(_last_used_at, Unset):
            last_used_at = UNSET
        else:
            last_used_at = datetime.datetime.fromisoformat(_last_used_at)

        name = d.pop("name", UNSET)

        org_id = d.pop("org_id", UNSET)

        _revoked_at = d.pop("revoked_at", UNSET)
        revoked_at: datetime.datetime | Unset
        if isinstance(_revoked_at, Unset):
            revoked_at = UNSET
        else:
            revoked_at = datetime.datetime.fromisoformat(_revoked_at)

        scopes = cast(list[str], d.pop("scopes", UNSET))

        secret_prefix = d.pop("secret_prefix", UNSET)

        keel_identity_v1_api_key = cls(
            created_at=created_at,
            created_by_user_id=created_by_user_id,
            expires_at=expires_at,
            id=id,
            kind=kind,
            last_used_at=last_used_at,
            name=name,
            org_id=org_id,
            revoked_at=revoked_at,
            scopes=scopes,
            secret_prefix=secret_prefix,
        )

        return keel_identity_v1_api_key

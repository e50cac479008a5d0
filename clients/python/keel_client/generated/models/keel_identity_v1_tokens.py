from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1Tokens")


@_attrs_define
class KeelIdentityV1Tokens:
    """Access and refresh tokens, as an OAuth 2.0 token response.

    Attributes:
        access_token (str | Unset): A short-lived JWT (ES256) for `Authorization: Bearer …`.
        expires_in (int | Unset): Seconds until the access token expires.
        refresh_token (str | Unset): Exchanges for new tokens once (POST /v1/auth/refresh); rotates on every use.
            Empty when only the access token changed (switching organizations).
        token_type (str | Unset): Always `Bearer`.
    """

    access_token: str | Unset = UNSET
    expires_in: int | Unset = UNSET
    refresh_token: str | Unset = UNSET
    token_type: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        expires_in = self.expires_in

        refresh_token = self.refresh_token

        token_type = self.token_type

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if access_token is not UNSET:
            field_dict["access_token"] = access_token
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        token_type = d.pop("token_type", UNSET)

        keel_identity_v1_tokens = cls(
            access_token=access_token,
            expires_in=expires_in,
            refresh_token=refresh_token,
            token_type=token_type,
        )

        return keel_identity_v1_tokens

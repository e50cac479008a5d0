from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_api_key import KeelIdentityV1ApiKey


T = TypeVar("T", bound="KeelIdentityV1CreateApiKeyResponse")


@_attrs_define
class KeelIdentityV1CreateApiKeyResponse:
    """
    Attributes:
        api_key (KeelIdentityV1ApiKey | Unset):
        secret (str | Unset): `osk_…`: send as `Authorization: Bearer osk_…`. Shown once.
    """

    api_key: KeelIdentityV1ApiKey | Unset = UNSET
    secret: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        api_key: dict[str, Any] | Unset = UNSET
        if not isinstance(self.api_key, Unset):
            api_key = self.api_key.to_dict()

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if api_key is not UNSET:
            field_dict["api_key"] = api_key
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_api_key import KeelIdentityV1ApiKey  # noqa: PLC0415

        d = dict(src_dict)
        _api_key = d.pop("api_key", UNSET)
        api_key: KeelIdentityV1ApiKey | Unset
        if isinstance(_api_key, Unset):
            api_key = UNSET
        else:
            api_key = KeelIdentityV1ApiKey.from_dict(_api_key)

        secret = d.pop("secret", UNSET)

        keel_identity_v1_create_api_key_response = cls(
            api_key=api_key,
            secret=secret,
        )

        return keel_identity_v1_create_api_key_response

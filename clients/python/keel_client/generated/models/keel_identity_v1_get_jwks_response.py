from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_jwk import KeelIdentityV1Jwk


T = TypeVar("T", bound="KeelIdentityV1GetJwksResponse")


@_attrs_define
class KeelIdentityV1GetJwksResponse:
    """RFC 7517 JSON Web Key Set.

    Attributes:
        keys (list[KeelIdentityV1Jwk] | Unset):
    """

    keys: list[KeelIdentityV1Jwk] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        keys: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.keys, Unset):
            keys = []
            for keys_item_data in self.keys:
                keys_item = keys_item_data.to_dict()
                keys.append(keys_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if keys is not UNSET:
            field_dict["keys"] = keys

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_jwk import KeelIdentityV1Jwk  # noqa: PLC0415

        d = dict(src_dict)
        _keys = d.pop("keys", UNSET)
        keys: list[KeelIdentityV1Jwk] | Unset = UNSET
        if _keys is not UNSET:
            keys = []
            for keys_item_data in _keys:
                keys_item = KeelIdentityV1Jwk.from_dict(keys_item_data)

                keys.append(keys_item)

        keel_identity_v1_get_jwks_response = cls(
            keys=keys,
        )

        return keel_identity_v1_get_jwks_response

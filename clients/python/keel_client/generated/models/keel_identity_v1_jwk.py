from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1Jwk")


@_attrs_define
class KeelIdentityV1Jwk:
    """One P-256 public key (RFC 7518 §6.2).

    Attributes:
        alg (str | Unset):
        crv (str | Unset):
        kid (str | Unset):
        kty (str | Unset):
        use (str | Unset):
        x (str | Unset):
        y (str | Unset):
    """

    alg: str | Unset = UNSET
    crv: str | Unset = UNSET
    kid: str | Unset = UNSET
    kty: str | Unset = UNSET
    use: str | Unset = UNSET
    x: str | Unset = UNSET
    y: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        alg = self.alg

        crv = self.crv

        kid = self.kid

        kty = self.kty

        use = self.use

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if alg is not UNSET:
            field_dict["alg"] = alg
        if crv is not UNSET:
            field_dict["crv"] = crv
        if kid is not UNSET:
            field_dict["kid"] = kid
        if kty is not UNSET:
            field_dict["kty"] = kty
        if use is not UNSET:
            field_dict["use"] = use
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alg = d.pop("alg", UNSET)

        crv = d.pop("crv", UNSET)

        kid = d.pop("kid", UNSET)

        kty = d.pop("kty", UNSET)

        use = d.pop("use", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        keel_identity_v1_jwk = cls(
            alg=alg,
            crv=crv,
            kid=kid,
            kty=kty,
            use=use,
            x=x,
            y=y,
        )

        return keel_identity_v1_jwk

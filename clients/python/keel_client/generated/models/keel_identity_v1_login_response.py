from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_tokens import KeelIdentityV1Tokens
    from ..models.keel_identity_v1_user import KeelIdentityV1User


T = TypeVar("T", bound="KeelIdentityV1LoginResponse")


@_attrs_define
class KeelIdentityV1LoginResponse:
    """
    Attributes:
        active_org_id (str | Unset): The organization the access token is for; empty when the user belongs to none.
        tokens (KeelIdentityV1Tokens | Unset): Access and refresh tokens, as an OAuth 2.0 token response.
        user (KeelIdentityV1User | Unset):
    """

    active_org_id: str | Unset = UNSET
    tokens: KeelIdentityV1Tokens | Unset = UNSET
    user: KeelIdentityV1User | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active_org_id = self.active_org_id

        tokens: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tokens, Unset):
            tokens = self.tokens.to_dict()

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active_org_id is not UNSET:
            field_dict["active_org_id"] = active_org_id
        if tokens is not UNSET:
            field_dict["tokens"] = tokens
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_tokens import KeelIdentityV1Tokens  # noqa: PLC0415
        from ..models.keel_identity_v1_user import KeelIdentityV1User  # noqa: PLC0415

        d = dict(src_dict)
        active_org_id = d.pop("active_org_id", UNSET)

        _tokens = d.pop("tokens", UNSET)
        tokens: KeelIdentityV1Tokens | Unset
        if isinstance(_tokens, Unset):
            tokens = UNSET
        else:
            tokens = KeelIdentityV1Tokens.from_dict(_tokens)

        _user = d.pop("user", UNSET)
        user: KeelIdentityV1User | Unset
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = KeelIdentityV1User.from_dict(_user)

        keel_identity_v1_login_response = cls(
            active_org_id=active_org_id,
            tokens=tokens,
            user=user,
        )

        return keel_identity_v1_login_response

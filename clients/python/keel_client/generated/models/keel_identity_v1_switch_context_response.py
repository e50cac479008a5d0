from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess
    from ..models.keel_identity_v1_tokens import KeelIdentityV1Tokens


T = TypeVar("T", bound="KeelIdentityV1SwitchContextResponse")


@_attrs_define
class KeelIdentityV1SwitchContextResponse:
    """
    Attributes:
        active (KeelIdentityV1OrganizationAccess | Unset): An organization as one user sees it: with their role there.
        tokens (KeelIdentityV1Tokens | Unset): Access and refresh tokens, as an OAuth 2.0 token response.
    """

    active: KeelIdentityV1OrganizationAccess | Unset = UNSET
    tokens: KeelIdentityV1Tokens | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active: dict[str, Any] | Unset = UNSET
        if not isinstance(self.active, Unset):
            active = self.active.to_dict()

        tokens: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tokens, Unset):
            tokens = self.tokens.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if tokens is not UNSET:
            field_dict["tokens"] = tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_organization_access import KeelIdentityV1OrganizationAccess  # noqa: PLC0415
        from ..models.keel_identity_v1_tokens import KeelIdentityV1Tokens  # noqa: PLC0415

        d = dict(src_dict)
        _active = d.pop("active", UNSET)
        active: KeelIdentityV1OrganizationAccess | Unset
        if isinstance(_active, Unset):
            active = UNSET
        else:
            active = KeelIdentityV1OrganizationAccess.from_dict(_active)

        _tokens = d.pop("tokens", UNSET)
        tokens: KeelIdentityV1Tokens | Unset
        if isinstance(_tokens, Unset):
            tokens = UNSET
        else:
            tokens = KeelIdentityV1Tokens.from_dict(_tokens)

        keel_identity_v1_switch_context_response = cls(
            active=active,
            tokens=tokens,
        )

        return keel_identity_v1_switch_context_response

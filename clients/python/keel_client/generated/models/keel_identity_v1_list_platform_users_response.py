from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_platform_user import KeelIdentityV1PlatformUser


T = TypeVar("T", bound="KeelIdentityV1ListPlatformUsersResponse")


@_attrs_define
class KeelIdentityV1ListPlatformUsersResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        users (list[KeelIdentityV1PlatformUser] | Unset):
    """

    next_page_token: str | Unset = UNSET
    users: list[KeelIdentityV1PlatformUser] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        users: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = []
            for users_item_data in self.users:
                users_item = users_item_data.to_dict()
                users.append(users_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if users is not UNSET:
            field_dict["users"] = users

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_platform_user import KeelIdentityV1PlatformUser  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _users = d.pop("users", UNSET)
        users: list[KeelIdentityV1PlatformUser] | Unset = UNSET
        if _users is not UNSET:
            users = []
            for users_item_data in _users:
                users_item = KeelIdentityV1PlatformUser.from_dict(users_item_data)

                users.append(users_item)

        keel_identity_v1_list_platform_users_response = cls(
            next_page_token=next_page_token,
            users=users,
        )

        return keel_identity_v1_list_platform_users_response

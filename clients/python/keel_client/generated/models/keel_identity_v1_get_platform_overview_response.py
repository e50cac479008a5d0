from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelIdentityV1GetPlatformOverviewResponse")


@_attrs_define
class KeelIdentityV1GetPlatformOverviewResponse:
    """
    Attributes:
        active_api_keys (str | Unset):
        deleted_organizations (str | Unset):
        memberships (str | Unset):
        organizations (str | Unset):
        pending_invitations (str | Unset):
        platform_admins (str | Unset):
        signups_last_7_days (str | Unset):
        sub_organizations (str | Unset):
        suspended_users (str | Unset):
        users (str | Unset):
    """

    active_api_keys: str | Unset = UNSET
    deleted_organizations: str | Unset = UNSET
    memberships: str | Unset = UNSET
    organizations: str | Unset = UNSET
    pending_invitations: str | Unset = UNSET
    platform_admins: str | Unset = UNSET
    signups_last_7_days: str | Unset = UNSET
    sub_organizations: str | Unset = UNSET
    suspended_users: str | Unset = UNSET
    users: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active_api_keys = self.active_api_keys

        deleted_organizations = self.deleted_organizations

        memberships = self.memberships

        organizations = self.organizations

        pending_invitations = self.pending_invitations

        platform_admins = self.platform_admins

        signups_last_7_days = self.signups_last_7_days

        sub_organizations = self.sub_organizations

        suspended_users = self.suspended_users

        users = self.users

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active_api_keys is not UNSET:
            field_dict["active_api_keys"] = active_api_keys
        if deleted_organizations is not UNSET:
            field_dict["deleted_organizations"] = deleted_organizations
        if memberships is not UNSET:
            field_dict["memberships"] = memberships
        if organizations is not UNSET:
            field_dict["organizations"] = organizations
        if pending_invitations is not UNSET:
            field_dict["pending_invitations"] = pending_invitations
        if platform_admins is not UNSET:
            field_dict["platform_admins"] = platform_admins
        if signups_last_7_days is not UNSET:
            field_dict["signups_last_7_days"] = signups_last_7_days
        if sub_organizations is not UNSET:
            field_dict["sub_organizations"] = sub_organizations
        if suspended_users is not UNSET:
            field_dict["suspended_users"] = suspended_users
        if users is not UNSET:
            field_dict["users"] = users

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active_api_keys = d.pop("active_api_keys", UNSET)

        deleted_organizations = d.pop("deleted_organizations", UNSET)

        memberships = d.pop("memberships", UNSET)

        organizations = d.pop("organizations", UNSET)

        pending_invitations = d.pop("pending_invitations", UNSET)

        platform_admins = d.pop("platform_admins", UNSET)

        signups_last_7_days = d.pop("signups_last_7_days", UNSET)

        sub_organizations = d.pop("sub_organizations", UNSET)

        suspended_users = d.pop("suspended_users", UNSET)

        users = d.pop("users", UNSET)

        keel_identity_v1_get_platform_overview_response = cls(
            active_api_keys=active_api_keys,
            deleted_organizations=deleted_organizations,
            memberships=memberships,
            organizations=organizations,
            pending_invitations=pending_invitations,
            platform_admins=platform_admins,
            signups_last_7_days=signups_last_7_days,
            sub_organizations=sub_organizations,
            suspended_users=suspended_users,
            users=users,
        )

        return keel_identity_v1_get_platform_overview_response

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1SharedAgent")


@_attrs_define
class KeelAgentsV1SharedAgent:
    """What a visitor sees of the agent behind a link.

    Attributes:
        avatar_url (str | Unset):
        description (str | Unset):
        expires_at (datetime.datetime | Unset):
        greeting (str | Unset):
        name (str | Unset):
        share_id (str | Unset):
    """

    avatar_url: str | Unset = UNSET
    description: str | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    greeting: str | Unset = UNSET
    name: str | Unset = UNSET
    share_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        avatar_url = self.avatar_url

        description = self.description

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        greeting = self.greeting

        name = self.name

        share_id = self.share_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if description is not UNSET:
            field_dict["description"] = description
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if greeting is not UNSET:
            field_dict["greeting"] = greeting
        if name is not UNSET:
            field_dict["name"] = name
        if share_id is not UNSET:
            field_dict["share_id"] = share_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_url = d.pop("avatar_url", UNSET)

        description = d.pop("description", UNSET)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        greeting = d.pop("greeting", UNSET)

        name = d.pop("name", UNSET)

        share_id = d.pop("share_id", UNSET)

        keel_agents_v1_shared_agent = cls(
            avatar_url=avatar_url,
            description=description,
            expires_at=expires_at,
            greeting=greeting,
            name=name,
            share_id=share_id,
        )

        return keel_agents_v1_shared_agent

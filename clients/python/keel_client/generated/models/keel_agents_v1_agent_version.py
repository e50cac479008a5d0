from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig


T = TypeVar("T", bound="KeelAgentsV1AgentVersion")


@_attrs_define
class KeelAgentsV1AgentVersion:
    """
    Attributes:
        agent_id (str | Unset):
        config (KeelAgentsV1AgentConfig | Unset): What an agent does: the content of each immutable version (stored as
            this message's
            JSON).
        copied_from_version (int | Unset): Set when the version is a rollback: the version it copies.
        created_at (datetime.datetime | Unset):
        created_by (str | Unset):
        notes (str | Unset):
        version (int | Unset): 1, 2, 3… in the order they were made.
    """

    agent_id: str | Unset = UNSET
    config: KeelAgentsV1AgentConfig | Unset = UNSET
    copied_from_version: int | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    notes: str | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        copied_from_version = self.copied_from_version

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        notes = self.notes

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if config is not UNSET:
            field_dict["config"] = config
        if copied_from_version is not UNSET:
            field_dict["copied_from_version"] = copied_from_version
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if notes is not UNSET:
            field_dict["notes"] = notes
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig  # noqa: PLC0415

        d = dict(src_dict)
        agent_id = d.pop("agent_id", UNSET)

        _config = d.pop("config", UNSET)
        config: KeelAgentsV1AgentConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelAgentsV1AgentConfig.from_dict(_config)

        copied_from_version = d.pop("copied_from_version", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        notes = d.pop("notes", UNSET)

        version = d.pop("version", UNSET)

        keel_agents_v1_agent_version = cls(
            agent_id=agent_id,
            config=config,
            copied_from_version=copied_from_version,
            created_at=created_at,
            created_by=created_by,
            notes=notes,
            version=version,
        )

        return keel_agents_v1_agent_version

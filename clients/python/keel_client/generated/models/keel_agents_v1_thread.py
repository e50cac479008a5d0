from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_thread_metadata import KeelAgentsV1ThreadMetadata


T = TypeVar("T", bound="KeelAgentsV1Thread")


@_attrs_define
class KeelAgentsV1Thread:
    """
    Attributes:
        created_at (datetime.datetime | Unset):
        created_by (str | Unset):
        id (str | Unset):
        message_count (str | Unset):
        metadata (KeelAgentsV1ThreadMetadata | Unset):
        org_id (str | Unset):
        status (str | Unset): `idle`, `running` (a run in progress), `waiting_for_human` (handed off).
        updated_at (datetime.datetime | Unset):
    """

    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    id: str | Unset = UNSET
    message_count: str | Unset = UNSET
    metadata: KeelAgentsV1ThreadMetadata | Unset = UNSET
    org_id: str | Unset = UNSET
    status: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        id = self.id

        message_count = self.message_count

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        org_id = self.org_id

        status = self.status

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if id is not UNSET:
            field_dict["id"] = id
        if message_count is not UNSET:
            field_dict["message_count"] = message_count
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if status is not UNSET:
            field_dict["status"] = status
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_thread_metadata import KeelAgentsV1ThreadMetadata  # noqa: PLC0415

        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        id = d.pop("id", UNSET)

        message_count = d.pop("message_count", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: KeelAgentsV1ThreadMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = KeelAgentsV1ThreadMetadata.from_dict(_metadata)

        org_id = d.pop("org_id", UNSET)

        status = d.pop("status", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        keel_agents_v1_thread = cls(
            created_at=created_at,
            created_by=created_by,
            id=id,
            message_count=message_count,
            metadata=metadata,
            org_id=org_id,
            status=status,
            updated_at=updated_at,
        )

        return keel_agents_v1_thread

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_create_thread_request_metadata import (
        KeelAgentsV1CreateThreadRequestMetadata,
    )


T = TypeVar("T", bound="KeelAgentsV1CreateThreadRequest")


@_attrs_define
class KeelAgentsV1CreateThreadRequest:
    """
    Attributes:
        metadata (KeelAgentsV1CreateThreadRequestMetadata | Unset):
        org_id (Literal[''] | Unset | UUID): The organization; empty: the caller's active one.
    """

    metadata: KeelAgentsV1CreateThreadRequestMetadata | Unset = UNSET
    org_id: Literal[""] | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        org_id: Literal[""] | str | Unset
        if isinstance(self.org_id, Unset):
            org_id = UNSET
        elif isinstance(self.org_id, UUID):
            org_id = str(self.org_id)
        else:
            org_id = self.org_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if org_id is not UNSET:
            field_dict["org_id"] = org_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_create_thread_request_metadata import (
            KeelAgentsV1CreateThreadRequestMetadata,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _metadata = d.pop("metadata", UNSET)
        metadata: KeelAgentsV1CreateThreadRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = KeelAgentsV1CreateThreadRequestMetadata.from_dict(_metadata)

        def _parse_org_id(data: object) -> Literal[""] | Unset | UUID:
            if isinstance(data, Unset):
                return data
            org_id_type_0 = cast(Literal[""], data)
            if org_id_type_0 != "":
                raise ValueError(f"org_id_type_0 must match const '', got '{org_id_type_0}'")
            return org_id_type_0
            if not isinstance(data, str):
                raise TypeError()
            org_id_type_1 = UUID(data)

            return org_id_type_1

        org_id = _parse_org_id(d.pop("org_id", UNSET))

        keel_agents_v1_create_thread_request = cls(
            metadata=metadata,
            org_id=org_id,
        )

        return keel_agents_v1_create_thread_request

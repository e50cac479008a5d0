from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentServiceRollbackAgentBody")


@_attrs_define
class AgentServiceRollbackAgentBody:
    """
    Attributes:
        notes (str | Unset): Empty: "Rolled back to version N".
    """

    notes: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notes = d.pop("notes", UNSET)

        agent_service_rollback_agent_body = cls(
            notes=notes,
        )

        return agent_service_rollback_agent_body

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1ToolExecution")


@_attrs_define
class KeelAgentsV1ToolExecution:
    """
    Attributes:
        duration_ms (str | Unset):
        error (str | Unset):
        finished_at (datetime.datetime | Unset):
        run_id (str | Unset):
        started_at (datetime.datetime | Unset):
        status (str | Unset): completed or failed.
        step_key (str | Unset): The run's step: `tool:<turn>:<call id>`.
        tool (str | Unset):
    """

    duration_ms: str | Unset = UNSET
    error: str | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    run_id: str | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    status: str | Unset = UNSET
    step_key: str | Unset = UNSET
    tool: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        duration_ms = self.duration_ms

        error = self.error

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        run_id = self.run_id

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        status = self.status

        step_key = self.step_key

        tool = self.tool

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if status is not UNSET:
            field_dict["status"] = status
        if step_key is not UNSET:
            field_dict["step_key"] = step_key
        if tool is not UNSET:
            field_dict["tool"] = tool

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duration_ms = d.pop("duration_ms", UNSET)

        error = d.pop("error", UNSET)

        _finished_at = d.pop("finished_at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        run_id = d.pop("run_id", UNSET)

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        status = d.pop("status", UNSET)

        step_key = d.pop("step_key", UNSET)

        tool = d.pop("tool", UNSET)

        keel_agents_v1_tool_execution = cls(
            duration_ms=duration_ms,
            error=error,
            finished_at=finished_at,
            run_id=run_id,
            started_at=started_at,
            status=status,
            step_key=step_key,
            tool=tool,
        )

        return keel_agents_v1_tool_execution

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1TimelineDay")


@_attrs_define
class KeelAgentsV1TimelineDay:
    """
    Attributes:
        cancelled (str | Unset):
        completed (str | Unset):
        day (str | Unset): `YYYY-MM-DD`, UTC.
        failed (str | Unset):
        started (str | Unset): Runs started that day, and runs that ended that day by outcome.
        timed_out (str | Unset):
    """

    cancelled: str | Unset = UNSET
    completed: str | Unset = UNSET
    day: str | Unset = UNSET
    failed: str | Unset = UNSET
    started: str | Unset = UNSET
    timed_out: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cancelled = self.cancelled

        completed = self.completed

        day = self.day

        failed = self.failed

        started = self.started

        timed_out = self.timed_out

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cancelled is not UNSET:
            field_dict["cancelled"] = cancelled
        if completed is not UNSET:
            field_dict["completed"] = completed
        if day is not UNSET:
            field_dict["day"] = day
        if failed is not UNSET:
            field_dict["failed"] = failed
        if started is not UNSET:
            field_dict["started"] = started
        if timed_out is not UNSET:
            field_dict["timed_out"] = timed_out

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancelled = d.pop("cancelled", UNSET)

        completed = d.pop("completed", UNSET)

        day = d.pop("day", UNSET)

        failed = d.pop("failed", UNSET)

        started = d.pop("started", UNSET)

        timed_out = d.pop("timed_out", UNSET)

        keel_agents_v1_timeline_day = cls(
            cancelled=cancelled,
            completed=completed,
            day=day,
            failed=failed,
            started=started,
            timed_out=timed_out,
        )

        return keel_agents_v1_timeline_day

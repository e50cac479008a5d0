from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_agents_v1_run_status import (
    KeelAgentsV1RunStatus,
    check_keel_agents_v1_run_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1SharedRun")


@_attrs_define
class KeelAgentsV1SharedRun:
    """What a visitor sees of their run.

    Attributes:
        created_at (datetime.datetime | Unset):
        finished_at (datetime.datetime | Unset):
        id (str | Unset):
        input_ (str | Unset):
        output (str | Unset): The assistant's final answer, once completed.
        reason (str | Unset): Why it ended (as Run.reason); empty while it runs.
        status (KeelAgentsV1RunStatus | Unset): - `RUN_STATUS_REQUIRES_ACTION`: Waiting for a person (a tool call to
            approve).
    """

    created_at: datetime.datetime | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    input_: str | Unset = UNSET
    output: str | Unset = UNSET
    reason: str | Unset = UNSET
    status: KeelAgentsV1RunStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        id = self.id

        input_ = self.input_

        output = self.output

        reason = self.reason

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if id is not UNSET:
            field_dict["id"] = id
        if input_ is not UNSET:
            field_dict["input"] = input_
        if output is not UNSET:
            field_dict["output"] = output
        if reason is not UNSET:
            field_dict["reason"] = reason
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _finished_at = d.pop("finished_at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        id = d.pop("id", UNSET)

        input_ = d.pop("input", UNSET)

        output = d.pop("output", UNSET)

        reason = d.pop("reason", UNSET)

        _status = d.pop("status", UNSET)
        status: KeelAgentsV1RunStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_keel_agents_v1_run_status(_status)

        keel_agents_v1_shared_run = cls(
            created_at=created_at,
            finished_at=finished_at,
            id=id,
            input_=input_,
            output=output,
            reason=reason,
            status=status,
        )

        return keel_agents_v1_shared_run

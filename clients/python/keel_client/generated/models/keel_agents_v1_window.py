from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1Window")


@_attrs_define
class KeelAgentsV1Window:
    """The window's first and last day (UTC, `YYYY-MM-DD`; the last is today).

    Attributes:
        days (int | Unset):
        first_day (str | Unset):
        last_day (str | Unset):
    """

    days: int | Unset = UNSET
    first_day: str | Unset = UNSET
    last_day: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        first_day = self.first_day

        last_day = self.last_day

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if days is not UNSET:
            field_dict["days"] = days
        if first_day is not UNSET:
            field_dict["first_day"] = first_day
        if last_day is not UNSET:
            field_dict["last_day"] = last_day

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days", UNSET)

        first_day = d.pop("first_day", UNSET)

        last_day = d.pop("last_day", UNSET)

        keel_agents_v1_window = cls(
            days=days,
            first_day=first_day,
            last_day=last_day,
        )

        return keel_agents_v1_window

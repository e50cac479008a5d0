from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GoogleTypeDate")


@_attrs_define
class GoogleTypeDate:
    """Represents a whole or partial calendar date, such as a birthday. The time of
    day and time zone are either specified elsewhere or are insignificant. The
    date is relative to the Gregorian Calendar. This can represent one of the
    following:

    * A full date, with non-zero year, month, and day values.
    * A month and day, with a zero year (for example, an anniversary).
    * A year on its own, with a zero month and a zero day.
    * A year and month, with a zero day (for example, a credit card expiration
      date).

    Related types:

    * [google.type.TimeOfDay][google.type.TimeOfDay]
    * [google.type.DateTime][google.type.DateTime]
    * [google.protobuf.Timestamp][google.protobuf.Timestamp]

        Attributes:
            day (int | Unset): Day of a month. Must be from 1 to 31 and valid for the year and month, or 0
                to specify a year by itself or a year and month where the day isn't
                significant.
            month (int | Unset): Month of a year. Must be from 1 to 12, or 0 to specify a year without a
                month and day.
            year (int | Unset): Year of the date. Must be from 1 to 9999, or 0 to specify a date without
                a year.
    """

    day: int | Unset = UNSET
    month: int | Unset = UNSET
    year: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        day = self.day

        month = self.month

        year = self.year

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if day is not UNSET:
            field_dict["day"] = day
        if month is not UNSET:
            field_dict["month"] = month
        if year is not UNSET:
            field_dict["year"] = year

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = d.pop("day", UNSET)

        month = d.pop("month", UNSET)

        year = d.pop("year", UNSET)

        google_type_date = cls(
            day=day,
            month=month,
            year=year,
        )

        return google_type_date

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShareLinkServiceUpdateShareLinkBody")


@_attrs_define
class ShareLinkServiceUpdateShareLinkBody:
    """
    Attributes:
        expires_at (datetime.datetime | Unset):
        greeting (str | Unset):
        label (str | Unset):
        max_runs (int | Unset): 0: no cap.
        runs_per_minute (int | Unset):
        update_mask (str | Unset):
        visitor_runs_per_minute (int | Unset):
    """

    expires_at: datetime.datetime | Unset = UNSET
    greeting: str | Unset = UNSET
    label: str | Unset = UNSET
    max_runs: int | Unset = UNSET
    runs_per_minute: int | Unset = UNSET
    update_mask: str | Unset = UNSET
    visitor_runs_per_minute: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        greeting = self.greeting

        label = self.label

        max_runs = self.max_runs

        runs_per_minute = self.runs_per_minute

        update_mask = self.update_mask

        visitor_runs_per_minute = self.visitor_runs_per_minute

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if greeting is not UNSET:
            field_dict["greeting"] = greeting
        if label is not UNSET:
            field_dict["label"] = label
        if max_runs is not UNSET:
            field_dict["max_runs"] = max_runs
        if runs_per_minute is not UNSET:
            field_dict["runs_per_minute"] = runs_per_minute
        if update_mask is not UNSET:
            field_dict["update_mask"] = update_mask
        if visitor_runs_per_minute is not UNSET:
            field_dict["visitor_runs_per_minute"] = visitor_runs_per_minute

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        greeting = d.pop("greeting", UNSET)

        label = d.pop("label", UNSET)

        max_runs = d.pop("max_runs", UNSET)

        runs_per_minute = d.pop("runs_per_minute", UNSET)

        update_mask = d.pop("update_mask", UNSET)

        visitor_runs_per_minute = d.pop("visitor_runs_per_minute", UNSET)

        share_link_service_update_share_link_body = cls(
            expires_at=expires_at,
            greeting=greeting,
            label=label,
            max_runs=max_runs,
            runs_per_minute=runs_per_minute,
            update_mask=update_mask,
            visitor_runs_per_minute=visitor_runs_per_minute,
        )

        return share_link_service_update_share_link_body

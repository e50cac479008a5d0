from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_audit_event import KeelIdentityV1AuditEvent


T = TypeVar("T", bound="KeelIdentityV1ListAuditEventsResponse")


@_attrs_define
class KeelIdentityV1ListAuditEventsResponse:
    """
    Attributes:
        events (list[KeelIdentityV1AuditEvent] | Unset):
        next_page_token (str | Unset):
    """

    events: list[KeelIdentityV1AuditEvent] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        events: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if events is not UNSET:
            field_dict["events"] = events
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_audit_event import KeelIdentityV1AuditEvent  # noqa: PLC0415

        d = dict(src_dict)
        _events = d.pop("events", UNSET)
        events: list[KeelIdentityV1AuditEvent] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = KeelIdentityV1AuditEvent.from_dict(events_item_data)

                events.append(events_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_identity_v1_list_audit_events_response = cls(
            events=events,
            next_page_token=next_page_token,
        )

        return keel_identity_v1_list_audit_events_response

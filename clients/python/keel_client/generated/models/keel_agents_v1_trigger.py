from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_agents_v1_trigger_channel_type_1 import (
    KeelAgentsV1TriggerChannelType1,
    check_keel_agents_v1_trigger_channel_type_1,
)
from ..models.keel_agents_v1_trigger_kind import (
    KeelAgentsV1TriggerKind,
    check_keel_agents_v1_trigger_kind,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1Trigger")


@_attrs_define
class KeelAgentsV1Trigger:
    """What starts a run of the agent (catalog's templates carry the same).

    Attributes:
        kind (KeelAgentsV1TriggerKind):
        channel (KeelAgentsV1TriggerChannelType1 | Literal[''] | Unset): TRIGGER_KIND_CHANNEL_MESSAGE: webchat,
            whatsapp, sms or email.
        schedule (str | Unset): TRIGGER_KIND_SCHEDULE: a five-field cron expression.
    """

    kind: KeelAgentsV1TriggerKind
    channel: KeelAgentsV1TriggerChannelType1 | Literal[""] | Unset = UNSET
    schedule: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        channel: Literal[""] | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, str):
            channel = self.channel
        else:
            channel = self.channel

        schedule = self.schedule

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if schedule is not UNSET:
            field_dict["schedule"] = schedule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = check_keel_agents_v1_trigger_kind(d.pop("kind"))

        def _parse_channel(data: object) -> KeelAgentsV1TriggerChannelType1 | Literal[""] | Unset:
            if isinstance(data, Unset):
                return data
            channel_type_0 = cast(Literal[""], data)
            if channel_type_0 != "":
                raise ValueError(f"channel_type_0 must match const '', got '{channel_type_0}'")
            return channel_type_0
            if not isinstance(data, str):
                raise TypeError()
            channel_type_1 = check_keel_agents_v1_trigger_channel_type_1(data)

            return channel_type_1

        channel = _parse_channel(d.pop("channel", UNSET))

        schedule = d.pop("schedule", UNSET)

        keel_agents_v1_trigger = cls(
            kind=kind,
            channel=channel,
            schedule=schedule,
        )

        return keel_agents_v1_trigger

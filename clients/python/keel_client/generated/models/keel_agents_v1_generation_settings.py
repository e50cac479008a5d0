from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1GenerationSettings")


@_attrs_define
class KeelAgentsV1GenerationSettings:
    """Sampling settings; unset fields take the model's defaults.

    Attributes:
        frequency_penalty (float | Unset):
        max_tokens (int | Unset):
        presence_penalty (float | Unset):
        stop (list[str] | Unset):
        temperature (float | Unset):
        top_p (float | Unset):
    """

    frequency_penalty: float | Unset = UNSET
    max_tokens: int | Unset = UNSET
    presence_penalty: float | Unset = UNSET
    stop: list[str] | Unset = UNSET
    temperature: float | Unset = UNSET
    top_p: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        frequency_penalty = self.frequency_penalty

        max_tokens = self.max_tokens

        presence_penalty = self.presence_penalty

        stop: list[str] | Unset = UNSET
        if not isinstance(self.stop, Unset):
            stop = self.stop

        temperature = self.temperature

        top_p = self.top_p

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if presence_penalty is not UNSET:
            field_dict["presence_penalty"] = presence_penalty
        if stop is not UNSET:
            field_dict["stop"] = stop
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if top_p is not UNSET:
            field_dict["top_p"] = top_p

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        frequency_penalty = d.pop("frequency_penalty", UNSET)

        max_tokens = d.pop("max_tokens", UNSET)

        presence_penalty = d.pop("presence_penalty", UNSET)

        stop = cast(list[str], d.pop("stop", UNSET))

        temperature = d.pop("temperature", UNSET)

        top_p = d.pop("top_p", UNSET)

        keel_agents_v1_generation_settings = cls(
            frequency_penalty=frequency_penalty,
            max_tokens=max_tokens,
            presence_penalty=presence_penalty,
            stop=stop,
            temperature=temperature,
            top_p=top_p,
        )

        return keel_agents_v1_generation_settings

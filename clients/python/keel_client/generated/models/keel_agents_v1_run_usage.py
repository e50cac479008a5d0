from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1RunUsage")


@_attrs_define
class KeelAgentsV1RunUsage:
    """
    Attributes:
        cached_input_tokens (str | Unset):
        cost_usd (str | Unset): USD, a decimal string, from billing's model prices.
        credits_ (str | Unset): Credits charged (billing's pricing rule), a decimal string.
        input_tokens (str | Unset):
        model_calls (int | Unset):
        output_tokens (str | Unset):
        tool_calls (int | Unset):
        tool_execution_ms (str | Unset):
        total_tokens (str | Unset):
    """

    cached_input_tokens: str | Unset = UNSET
    cost_usd: str | Unset = UNSET
    credits_: str | Unset = UNSET
    input_tokens: str | Unset = UNSET
    model_calls: int | Unset = UNSET
    output_tokens: str | Unset = UNSET
    tool_calls: int | Unset = UNSET
    tool_execution_ms: str | Unset = UNSET
    total_tokens: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cached_input_tokens = self.cached_input_tokens

        cost_usd = self.cost_usd

        credits_ = self.credits_

        input_tokens = self.input_tokens

        model_calls = self.model_calls

        output_tokens = self.output_tokens

        tool_calls = self.tool_calls

        tool_execution_ms = self.tool_execution_ms

        total_tokens = self.total_tokens

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cached_input_tokens is not UNSET:
            field_dict["cached_input_tokens"] = cached_input_tokens
        if cost_usd is not UNSET:
            field_dict["cost_usd"] = cost_usd
        if credits_ is not UNSET:
            field_dict["credits"] = credits_
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if model_calls is not UNSET:
            field_dict["model_calls"] = model_calls
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if tool_calls is not UNSET:
            field_dict["tool_calls"] = tool_calls
        if tool_execution_ms is not UNSET:
            field_dict["tool_execution_ms"] = tool_execution_ms
        if total_tokens is not UNSET:
            field_dict["total_tokens"] = total_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cached_input_tokens = d.pop("cached_input_tokens", UNSET)

        cost_usd = d.pop("cost_usd", UNSET)

        credits_ = d.pop("credits", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        model_calls = d.pop("model_calls", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        tool_calls = d.pop("tool_calls", UNSET)

        tool_execution_ms = d.pop("tool_execution_ms", UNSET)

        total_tokens = d.pop("total_tokens", UNSET)

        keel_agents_v1_run_usage = cls(
            cached_input_tokens=cached_input_tokens,
            cost_usd=cost_usd,
            credits_=credits_,
            input_tokens=input_tokens,
            model_calls=model_calls,
            output_tokens=output_tokens,
            tool_calls=tool_calls,
            tool_execution_ms=tool_execution_ms,
            total_tokens=total_tokens,
        )

        return keel_agents_v1_run_usage

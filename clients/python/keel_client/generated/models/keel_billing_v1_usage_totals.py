from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1UsageTotals")


@_attrs_define
class KeelBillingV1UsageTotals:
    """
    Attributes:
        agents (str | Unset):
        agents_created (str | Unset):
        cost_usd (str | Unset): USD, decimal string.
        credits_consumed (str | Unset): Credits consumed (settled), decimal string.
        input_tokens (str | Unset):
        output_tokens (str | Unset):
        runs (str | Unset):
    """

    agents: str | Unset = UNSET
    agents_created: str | Unset = UNSET
    cost_usd: str | Unset = UNSET
    credits_consumed: str | Unset = UNSET
    input_tokens: str | Unset = UNSET
    output_tokens: str | Unset = UNSET
    runs: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agents = self.agents

        agents_created = self.agents_created

        cost_usd = self.cost_usd

        credits_consumed = self.credits_consumed

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        runs = self.runs

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agents is not UNSET:
            field_dict["agents"] = agents
        if agents_created is not UNSET:
            field_dict["agents_created"] = agents_created
        if cost_usd is not UNSET:
            field_dict["cost_usd"] = cost_usd
        if credits_consumed is not UNSET:
            field_dict["credits_consumed"] = credits_consumed
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if runs is not UNSET:
            field_dict["runs"] = runs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agents = d.pop("agents", UNSET)

        agents_created = d.pop("agents_created", UNSET)

        cost_usd = d.pop("cost_usd", UNSET)

        credits_consumed = d.pop("credits_consumed", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        runs = d.pop("runs", UNSET)

        keel_billing_v1_usage_totals = cls(
            agents=agents,
            agents_created=agents_created,
            cost_usd=cost_usd,
            credits_consumed=credits_consumed,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            runs=runs,
        )

        return keel_billing_v1_usage_totals

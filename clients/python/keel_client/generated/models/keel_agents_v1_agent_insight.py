from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1AgentInsight")


@_attrs_define
class KeelAgentsV1AgentInsight:
    """One agent's runs in the organization over the window.

    Attributes:
        agent_id (str | Unset):
        cancelled_runs (str | Unset):
        completed_runs (str | Unset):
        cost_usd (str | Unset): USD (billing's model prices) and credits charged, decimal strings.
        credits_ (str | Unset):
        failed_runs (str | Unset):
        input_tokens (str | Unset):
        last_active_day (str | Unset): The last day in the window it had a run started or ended (`YYYY-MM-DD`).
        name (str | Unset): Empty when the caller may not see the agent (another member's private agent, or
            one deleted since): its figures still count.
        output_tokens (str | Unset):
        runs_started (str | Unset): Runs started in the window, and those that ended in it by outcome.
        success_rate (float | Unset): completed ÷ ended, from 0 to 1 (0 when none ended).
        timed_out_runs (str | Unset):
    """

    agent_id: str | Unset = UNSET
    cancelled_runs: str | Unset = UNSET
    completed_runs: str | Unset = UNSET
    cost_usd: str | Unset = UNSET
    credits_: str | Unset = UNSET
    failed_runs: str | Unset = UNSET
    input_tokens: str | Unset = UNSET
    last_active_day: str | Unset = UNSET
    name: str | Unset = UNSET
    output_tokens: str | Unset = UNSET
    runs_started: str | Unset = UNSET
    success_rate: float | Unset = UNSET
    timed_out_runs: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        cancelled_runs = self.cancelled_runs

        completed_runs = self.completed_runs

        cost_usd = self.cost_usd

        credits_ = self.credits_

        failed_runs = self.failed_runs

        input_tokens = self.input_tokens

        last_active_day = self.last_active_day

        name = self.name

        output_tokens = self.output_tokens

        runs_started = self.runs_started

        success_rate = self.success_rate

        timed_out_runs = self.timed_out_runs

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if cancelled_runs is not UNSET:
            field_dict["cancelled_runs"] = cancelled_runs
        if completed_runs is not UNSET:
            field_dict["completed_runs"] = completed_runs
        if cost_usd is not UNSET:
            field_dict["cost_usd"] = cost_usd
        if credits_ is not UNSET:
            field_dict["credits"] = credits_
        if failed_runs is not UNSET:
            field_dict["failed_runs"] = failed_runs
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if last_active_day is not UNSET:
            field_dict["last_active_day"] = last_active_day
        if name is not UNSET:
            field_dict["name"] = name
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if runs_started is not UNSET:
            field_dict["runs_started"] = runs_started
        if success_rate is not UNSET:
            field_dict["success_rate"] = success_rate
        if timed_out_runs is not UNSET:
            field_dict["timed_out_runs"] = timed_out_runs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_id = d.pop("agent_id", UNSET)

        cancelled_runs = d.pop("cancelled_runs", UNSET)

        completed_runs = d.pop("completed_runs", UNSET)

        cost_usd = d.pop("cost_usd", UNSET)

        credits_ = d.pop("credits", UNSET)

        failed_runs = d.pop("failed_runs", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        last_active_day = d.pop("last_active_day", UNSET)

        name = d.pop("name", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        runs_started = d.pop("runs_started", UNSET)

        success_rate = d.pop("success_rate", UNSET)

        timed_out_runs = d.pop("timed_out_runs", UNSET)

        keel_agents_v1_agent_insight = cls(
            agent_id=agent_id,
            cancelled_runs=cancelled_runs,
            completed_runs=completed_runs,
            cost_usd=cost_usd,
            credits_=credits_,
            failed_runs=failed_runs,
            input_tokens=input_tokens,
            last_active_day=last_active_day,
            name=name,
            output_tokens=output_tokens,
            runs_started=runs_started,
            success_rate=success_rate,
            timed_out_runs=timed_out_runs,
        )

        return keel_agents_v1_agent_insight

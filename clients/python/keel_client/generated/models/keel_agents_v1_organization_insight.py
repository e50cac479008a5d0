from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_insight import KeelAgentsV1AgentInsight
    from ..models.keel_agents_v1_window import KeelAgentsV1Window


T = TypeVar("T", bound="KeelAgentsV1OrganizationInsight")


@_attrs_define
class KeelAgentsV1OrganizationInsight:
    """
    Attributes:
        active_agents (str | Unset): Agents with a run started in the last 30 days (today included), whatever the
            window.
        agents (list[KeelAgentsV1AgentInsight] | Unset): Cost by agent: most credits first (then most runs), at most
            `max_agents`.
        agents_with_runs (str | Unset): Agents with a run started or ended in the window (`agents` may list fewer).
        cancelled_runs (str | Unset):
        completed_runs (str | Unset):
        cost_usd (str | Unset):
        credits_ (str | Unset):
        failed_runs (str | Unset):
        input_tokens (str | Unset):
        output_tokens (str | Unset):
        runs_started (str | Unset): Every agent's runs together: started in the window, ended in it by outcome.
        success_rate (float | Unset):
        timed_out_runs (str | Unset):
        top_agents (list[KeelAgentsV1AgentInsight] | Unset): The 5 agents with the most runs started in the window, most
            first.
        window (KeelAgentsV1Window | Unset): The window's first and last day (UTC, `YYYY-MM-DD`; the last is today).
    """

    active_agents: str | Unset = UNSET
    agents: list[KeelAgentsV1AgentInsight] | Unset = UNSET
    agents_with_runs: str | Unset = UNSET
    cancelled_runs: str | Unset = UNSET
    completed_runs: str | Unset = UNSET
    cost_usd: str | Unset = UNSET
    credits_: str | Unset = UNSET
    failed_runs: str | Unset = UNSET
    input_tokens: str | Unset = UNSET
    output_tokens: str | Unset = UNSET
    runs_started: str | Unset = UNSET
    success_rate: float | Unset = UNSET
    timed_out_runs: str | Unset = UNSET
    top_agents: list[KeelAgentsV1AgentInsight] | Unset = UNSET
    window: KeelAgentsV1Window | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active_agents = self.active_agents

        agents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.agents, Unset):
            agents = []
            for agents_item_data in self.agents:
                agents_item = agents_item_data.to_dict()
                agents.append(agents_item)

        agents_with_runs = self.agents_with_runs

        cancelled_runs = self.cancelled_runs

        completed_runs = self.completed_runs

        cost_usd = self.cost_usd

        credits_ = self.credits_

        failed_runs = self.failed_runs

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        runs_started = self.runs_started

        success_rate = self.success_rate

        timed_out_runs = self.timed_out_runs

        top_agents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.top_agents, Unset):
            top_agents = []
            for top_agents_item_data in self.top_agents:
                top_agents_item = top_agents_item_data.to_dict()
                top_agents.append(top_agents_item)

        window: dict[str, Any] | Unset = UNSET
        if not isinstance(self.window, Unset):
            window = self.window.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active_agents is not UNSET:
            field_dict["active_agents"] = active_agents
        if agents is not UNSET:
            field_dict["agents"] = agents
        if agents_with_runs is not UNSET:
            field_dict["agents_with_runs"] = agents_with_runs
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
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if runs_started is not UNSET:
            field_dict["runs_started"] = runs_started
        if success_rate is not UNSET:
            field_dict["success_rate"] = success_rate
        if timed_out_runs is not UNSET:
            field_dict["timed_out_runs"] = timed_out_runs
        if top_agents is not UNSET:
            field_dict["top_agents"] = top_agents
        if window is not UNSET:
            field_dict["window"] = window

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_insight import KeelAgentsV1AgentInsight  # noqa: PLC0415
        from ..models.keel_agents_v1_window import KeelAgentsV1Window  # noqa: PLC0415

        d = dict(src_dict)
        active_agents = d.pop("active_agents", UNSET)

        _agents = d.pop("agents", UNSET)
        agents: list[KeelAgentsV1AgentInsight] | Unset = UNSET
        if _agents is not UNSET:
            agents = []
            for agents_item_data in _agents:
                agents_item = KeelAgentsV1AgentInsight.from_dict(agents_item_data)

                agents.append(agents_item)

        agents_with_runs = d.pop("agents_with_runs", UNSET)

        cancelled_runs = d.pop("cancelled_runs", UNSET)

        completed_runs = d.pop("completed_runs", UNSET)

        cost_usd = d.pop("cost_usd", UNSET)

        credits_ = d.pop("credits", UNSET)

        failed_runs = d.pop("failed_runs", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        runs_started = d.pop("runs_started", UNSET)

        success_rate = d.pop("success_rate", UNSET)

        timed_out_runs = d.pop("timed_out_runs", UNSET)

        _top_agents = d.pop("top_agents", UNSET)
        top_agents: list[KeelAgentsV1AgentInsight] | Unset = UNSET
        if _top_agents is not UNSET:
            top_agents = []
            for top_agents_item_data in _top_agents:
                top_agents_item = KeelAgentsV1AgentInsight.from_dict(top_agents_item_data)

                top_agents.append(top_agents_item)

        _window = d.pop("window", UNSET)
        window: KeelAgentsV1Window | Unset
        if isinstance(_window, Unset):
            window = UNSET
        else:
            window = KeelAgentsV1Window.from_dict(_window)

        keel_agents_v1_organization_insight = cls(
            active_agents=active_agents,
            agents=agents,
            agents_with_runs=agents_with_runs,
            cancelled_runs=cancelled_runs,
            completed_runs=completed_runs,
            cost_usd=cost_usd,
            credits_=credits_,
            failed_runs=failed_runs,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            runs_started=runs_started,
            success_rate=success_rate,
            timed_out_runs=timed_out_runs,
            top_agents=top_agents,
            window=window,
        )

        return keel_agents_v1_organization_insight

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_window import KeelAgentsV1Window


T = TypeVar("T", bound="KeelAgentsV1AgentStats")


@_attrs_define
class KeelAgentsV1AgentStats:
    """
    Attributes:
        avg_duration_ms (str | Unset): From start to end of the ended runs that had started (milliseconds); the
            percentiles from a histogram, within 10 %.
        cached_input_tokens (str | Unset):
        cancelled_runs (str | Unset):
        completed_runs (str | Unset):
        cost_usd (str | Unset): Of the ended runs: USD (decimal string, billing's model prices) and credits charged
            (decimal string).
        credits_ (str | Unset):
        failed_runs (str | Unset):
        finished_runs (str | Unset): Runs that ended in the window, by outcome.
        input_tokens (str | Unset):
        output_tokens (str | Unset):
        p50_duration_ms (str | Unset):
        p95_duration_ms (str | Unset):
        success_rate (float | Unset): completed ÷ finished, from 0 to 1 (0 when none finished).
        timed_out_runs (str | Unset):
        total_runs (str | Unset): Runs started in the window.
        total_tokens (str | Unset):
        window (KeelAgentsV1Window | Unset): The window's first and last day (UTC, `YYYY-MM-DD`; the last is today).
    """

    avg_duration_ms: str | Unset = UNSET
    cached_input_tokens: str | Unset = UNSET
    cancelled_runs: str | Unset = UNSET
    completed_runs: str | Unset = UNSET
    cost_usd: str | Unset = UNSET
    credits_: str | Unset = UNSET
    failed_runs: str | Unset = UNSET
    finished_runs: str | Unset = UNSET
    input_tokens: str | Unset = UNSET
    output_tokens: str | Unset = UNSET
    p50_duration_ms: str | Unset = UNSET
    p95_duration_ms: str | Unset = UNSET
    success_rate: float | Unset = UNSET
    timed_out_runs: str | Unset = UNSET
    total_runs: str | Unset = UNSET
    total_tokens: str | Unset = UNSET
    window: KeelAgentsV1Window | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        avg_duration_ms = self.avg_duration_ms

        cached_input_tokens = self.cached_input_tokens

        cancelled_runs = self.cancelled_runs

        completed_runs = self.completed_runs

        cost_usd = self.cost_usd

        credits_ = self.credits_

        failed_runs = self.failed_runs

        finished_runs = self.finished_runs

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        p50_duration_ms = self.p50_duration_ms

        p95_duration_ms = self.p95_duration_ms

        success_rate = self.success_rate

        timed_out_runs = self.timed_out_runs

        total_runs = self.total_runs

        total_tokens = self.total_tokens

        window: dict[str, Any] | Unset = UNSET
        if not isinstance(self.window, Unset):
            window = self.window.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if avg_duration_ms is not UNSET:
            field_dict["avg_duration_ms"] = avg_duration_ms
        if cached_input_tokens is not UNSET:
            field_dict["cached_input_tokens"] = cached_input_tokens
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
        if finished_runs is not UNSET:
            field_dict["finished_runs"] = finished_runs
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if p50_duration_ms is not UNSET:
            field_dict["p50_duration_ms"] = p50_duration_ms
        if p95_duration_ms is not UNSET:
            field_dict["p95_duration_ms"] = p95_duration_ms
        if success_rate is not UNSET:
            field_dict["success_rate"] = success_rate
        if timed_out_runs is not UNSET:
            field_dict["timed_out_runs"] = timed_out_runs
        if total_runs is not UNSET:
            field_dict["total_runs"] = total_runs
        if total_tokens is not UNSET:
            field_dict["total_tokens"] = total_tokens
        if window is not UNSET:
            field_dict["window"] = window

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_window import KeelAgentsV1Window  # noqa: PLC0415

        d = dict(src_dict)
        avg_duration_ms = d.pop("avg_duration_ms", UNSET)

        cached_input_tokens = d.pop("cached_input_tokens", UNSET)

        cancelled_runs = d.pop("cancelled_runs", UNSET)

        completed_runs = d.pop("completed_runs", UNSET)

        cost_usd = d.pop("cost_usd", UNSET)

        credits_ = d.pop("credits", UNSET)

        failed_runs = d.pop("failed_runs", UNSET)

        finished_runs = d.pop("finished_runs", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        p50_duration_ms = d.pop("p50_duration_ms", UNSET)

        p95_duration_ms = d.pop("p95_duration_ms", UNSET)

        success_rate = d.pop("success_rate", UNSET)

        timed_out_runs = d.pop("timed_out_runs", UNSET)

        total_runs = d.pop("total_runs", UNSET)

        total_tokens = d.pop("total_tokens", UNSET)

        _window = d.pop("window", UNSET)
        window: KeelAgentsV1Window | Unset
        if isinstance(_window, Unset):
            window = UNSET
        else:
            window = KeelAgentsV1Window.from_dict(_window)

        keel_agents_v1_agent_stats = cls(
            avg_duration_ms=avg_duration_ms,
            cached_input_tokens=cached_input_tokens,
            cancelled_runs=cancelled_runs,
            completed_runs=completed_runs,
            cost_usd=cost_usd,
            credits_=credits_,
            failed_runs=failed_runs,
            finished_runs=finished_runs,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            p50_duration_ms=p50_duration_ms,
            p95_duration_ms=p95_duration_ms,
            success_rate=success_rate,
            timed_out_runs=timed_out_runs,
            total_runs=total_runs,
            total_tokens=total_tokens,
            window=window,
        )

        return keel_agents_v1_agent_stats

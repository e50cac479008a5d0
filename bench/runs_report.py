"""The runs group's part of the report (`bench.report`): its section and its JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.runs import (
    CHUNK_MS,
    CHUNKS,
    PACED_RATE,
    RUN_CATEGORIES,
    RUN_DRAIN,
    RUN_START,
    RUNS_MODE,
    STREAM_LEVELS,
    STREAMS,
    WORKERS,
    RunsFindings,
)
from bench.runs_setup import BUDGET, PLAN
from bench.scenarios import WORKER_RSS, Measurement, rate

STREAM_P99_GOAL_MS = 15.0
LABELS = {
    RUN_START: "run start · POST /v1/agents/{id}/runs",
    RUN_CATEGORIES: "categories read · same Envoy, mTLS",
    # Its p50/p99 are a run's execution (started → finished), not a request's.
    RUN_DRAIN: f"runs completed/s · {WORKERS} workers, built-in",
}


def _best(rounds: Sequence[dict[str, Any]], key: str) -> dict[str, Any] | None:
    """The round with the lowest `key` (a p99): noise only ever adds latency."""
    return min(rounds, key=lambda r: r[key], default=None)


def print_runs(
    chosen: Mapping[str, Measurement], runs: RunsFindings, rss: Mapping[str, float]
) -> None:
    print("\n== Runs (issue 13) ==")
    start, drain = chosen.get(RUN_START), chosen.get(RUN_DRAIN)
    if start is not None:
        r = start.result
        billing_cpu = start.cpu_percent.get("billing", 0.0)
        print(f"  run start: {rate(r.rps)} runs accepted/s, p50 {r.p50_ms:.1f} ms, "
              f"p99 {r.p99_ms:.1f} ms, no worker running (billing at {billing_cpu:.0f} % "
              "of a core)")  # fmt: skip
    for entry in runs.starts:
        print(f"  round {entry['round']}: {entry['accepted']} runs accepted, "
              f"{entry['found']} in agents's database ({entry['cut_off']} cut off in "
              "flight when wrk stopped)")  # fmt: skip
    if drain is not None:
        r = drain.result
        print(f"  drain: {r.rps:.1f} runs completed/s over {r.requests} runs, a run's "
              f"execution p50 {r.p50_ms:.0f} ms p99 {r.p99_ms:.0f} ms, "
              f"{r.errors} wrong")  # fmt: skip
    queue = _best(runs.queue, "queue_p99_ms")
    if queue is not None:
        print(f"  queue latency (accepted → running), {queue['runs']} runs at "
              f"{queue['rate']}/s, workers idle: p50 {queue['queue_p50_ms']:.1f} ms, "
              f"p99 {queue['queue_p99_ms']:.1f} ms; accepted → finished p50 "
              f"{queue['total_p50_ms']:.1f} ms, p99 {queue['total_p99_ms']:.1f} ms")  # fmt: skip
    _print_streaming(runs)
    for entry in runs.ledger:
        verdict = "exact" if entry["charged"] == entry["expected"] else "WRONG"
        print(f"  credits, round {entry['round']}: {entry['charged']} charged, "
              f"{entry['expected']} for the runs completed ({verdict}); "
              f"{entry['left_held']} left held by starts cut off in flight")  # fmt: skip
    if WORKER_RSS in rss or runs.worker_rss_mib:
        print(f"  RSS: agents service idle {rss.get('agents', 0.0):.1f} MiB, a worker idle "
              f"{rss.get(WORKER_RSS, 0.0):.1f} MiB, a worker after a drain "
              f"{runs.worker_rss_mib:.1f} MiB")  # fmt: skip


def _print_streaming(runs: RunsFindings) -> None:
    print(f"  streaming, {CHUNKS} chunks every {CHUNK_MS} ms per stream: chunk emitted → "
          "message.delta read by the SSE client")  # fmt: skip
    for level in STREAM_LEVELS:
        rounds = [s for s in runs.streaming if s["streams"] == level]
        stream = _best(rounds, "p99_ms")
        if stream is None:
            continue
        goal = ""
        if level == STREAMS:
            verdict = "PASS" if stream["p99_ms"] < STREAM_P99_GOAL_MS else "MISS"
            goal = f" (goal p99 < {STREAM_P99_GOAL_MS:.0f}) {verdict}"
        print(f"    {level:>3} streams: p50 {stream['p50_ms']:7.1f} ms  p90 "
              f"{stream['p90_ms']:7.1f} ms  p99 {stream['p99_ms']:7.1f} ms  max "
              f"{stream['max_ms']:7.1f} ms; {stream['seconds']:.1f}s for a "
              f"{CHUNKS * CHUNK_MS / 1000:.1f}s answer{goal}")  # fmt: skip
        cpu = stream["cpu_percent"]
        workers = sum(v for k, v in cpu.items() if k.startswith("worker-"))
        print(f"                 CPU % of a core: workers {workers:.0f}, agents "
              f"{cpu.get('service', 0):.0f}, postgres {cpu.get('postgres', 0):.0f}, envoy "
              f"{cpu.get('envoy', 0):.0f}, model {cpu.get('model', 0):.0f}, clients "
              f"{cpu.get('clients', 0):.0f}, other {cpu.get('other', 0):.0f}")  # fmt: skip
        if len(rounds) > 1:
            print("                 p99 round by round: "
                  + " ".join(f"{s['p99_ms']:.1f}" for s in rounds))  # fmt: skip


def runs_json(runs: RunsFindings) -> dict[str, Any]:
    return {
        "tracing": RUNS_MODE.key,
        "mtls": True,
        "plan": PLAN,
        "budget_credits": BUDGET,
        "workers": WORKERS,
        "paced_rate": PACED_RATE,
        "streams": STREAMS,
        "stream_levels": list(STREAM_LEVELS),
        "chunks": CHUNKS,
        "chunk_ms": CHUNK_MS,
        "stream_p99_goal_ms": STREAM_P99_GOAL_MS,
        **runs.to_json(),
    }

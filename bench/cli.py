"""`python -m bench [--quick]`: bring everything up, measure each scenario, report, clean up."""

from __future__ import annotations

import argparse
import functools
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import FrameType

from bench.analytics import AnalyticsFindings, AnalyticsScenarios, print_analytics
from bench.infra import MODES, Infra
from bench.loadgen import Load, LoadError, ensure_tools
from bench.procs import BenchError
from bench.report import best, print_report, write_json
from bench.runs import RunsFindings, RunsScenarios
from bench.scenarios import BillingFindings, Measurement, Runner, SearchFindings

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GROUPS = (  # --only
    "echo",
    "catalog",
    "catalog-search",
    "identity",
    "billing",
    "tls",
    "runs",
    "analytics",
)
LOGIN_SECONDS = 20  # the login scenario's least measured time in a full run


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short smoke run (~1 min)")
    parser.add_argument(
        "--only",
        action="append",
        choices=GROUPS,
        help="run only these groups of scenarios (repeatable; default: all)",
    )
    parser.add_argument("--rounds", type=int, help="repeat every scenario (default 3, quick 1)")
    parser.add_argument("--duration", type=int, help="seconds measured (default 8, quick 2)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up (default 2, quick 1)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON results ({RESULTS})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    duration = args.duration or (2 if args.quick else 8)
    load = Load(
        duration=duration,
        warmup=args.warmup or (1 if args.quick else 2),
        # Enough logins for a p99 (~10/s); a smoke run only proves they work.
        login_duration=duration if args.quick else max(duration, LOGIN_SECONDS),
    )
    try:
        ensure_tools()
    except LoadError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="keel-bench-"))
    # Ctrl-C, SIGTERM and SIGHUP all clean up; SIGINT explicitly, as a background job
    # inherits it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    keep = args.keep
    try:
        groups = frozenset(args.only or GROUPS)
        idle = 2.0 if args.quick else 5.0
        measurements, rss, findings, search, runs, analytics = _run_all(
            home, load, rounds, idle, groups
        )
    except (BenchError, LoadError) as exc:
        print(f"\nbench: {exc}\nlogs kept in {home}/logs", file=sys.stderr)
        keep = True
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted; everything started was stopped", file=sys.stderr)
        return 130
    except Exception:  # anything else (PostgreSQL, Envoy config, …): a traceback and the logs
        traceback.print_exc()
        print(f"bench: everything started was stopped; logs kept in {home}/logs", file=sys.stderr)
        keep = True
        return 1
    finally:
        if not keep:
            shutil.rmtree(home, ignore_errors=True)
    print_report(measurements, rss, load, rounds, findings, search, runs)
    if analytics.runs:  # the group ran
        print_analytics(best(measurements), analytics)
    out = write_json(args.out, measurements, rss, load, findings, search, runs, analytics)
    print(f"results: {out}")
    return 0


def _run_all(
    home: Path, load: Load, rounds: int, idle: float, groups: frozenset[str]
) -> tuple[
    list[Measurement],
    dict[str, float],
    BillingFindings,
    SearchFindings,
    RunsFindings,
    AnalyticsFindings,
]:
    stack = ExitStack()
    try:
        infra = Infra(home, stack)
        _phase("starting PostgreSQL, Redis and the OTLP receiver; migrating")
        infra.start_backing_services()
        runner = Runner(infra, load)
        _phase(f"idle memory: five services, a runs worker and Envoy, then {idle:.0f}s idle")
        rss = runner.idle_rss(idle)
        runs, analytics = RunsScenarios(runner), AnalyticsScenarios(runner)
        for round_ in range(1, rounds + 1):
            _phase(f"round {round_}/{rounds}")
            _run_round(runner, runs, analytics, round_, groups)
        return (runner.measurements, rss, runner.billing, runner.search, runs.findings,
                analytics.findings)  # fmt: skip
    finally:
        _close_uninterrupted(stack)


def _run_round(
    runner: Runner,
    runs: RunsScenarios,
    analytics: AnalyticsScenarios,
    round_: int,
    groups: frozenset[str],
) -> None:
    # Every other round runs in reverse order, so slow drift (heat, neighbours) does not
    # always favour the same scenarios.
    blocks: list[tuple[str, Callable[[int], None]]] = [
        *(("catalog", functools.partial(runner.run_mode, tracing)) for tracing in MODES),
        ("catalog", runner.run_anchors),  # the floor and the monolith, read like catalog
        ("catalog-search", runner.run_search),  # issue 12: search and categories, one block
        ("identity", runner.run_identity),
        ("billing", runner.run_billing),
        ("tls", runner.run_tls),  # mTLS on and off side by side, in one block
        ("runs", runs.run),  # issue 13: run starts, the drain, queue latency, streaming
        ("analytics", analytics.run),  # issue 14: stats, timeline, tools over 1M runs
        ("echo", runner.run_echo),
    ]
    for group, run in blocks if round_ % 2 else reversed(blocks):
        if group in groups:
            run(round_)


def _close_uninterrupted(stack: ExitStack) -> None:
    """Stop everything; a second Ctrl-C must not leave PostgreSQL running."""
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in _STOP_SIGNALS}
    try:
        stack.close()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


_started = time.monotonic()


def _phase(text: str) -> None:
    print(f"[{time.monotonic() - _started:5.0f}s] {text}", flush=True)

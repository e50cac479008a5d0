"""`keel`: run the whole of Keel on this machine (see `keel --help`)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import redis.asyncio as redis

from deploy.embedded import traces
from deploy.embedded.postgres import PostgresError
from deploy.embedded.settings import SettingsError, StackSettings
from deploy.embedded.stack import PortsInUse, Stack, StackError, tail
from deploy.embedded.supervisor import SupervisorError
from keel_runtime import event_streams
from keel_runtime.config import SERVICES

_EXPECTED_ERRORS = (
    StackError,
    SupervisorError,
    SettingsError,
    PostgresError,
    traces.AmbiguousTraceId,
)


def _say(message: str) -> None:
    print(f"keel: {message}", flush=True)


def cmd_up(args: argparse.Namespace) -> int:
    stack = Stack()
    services = _parse_services(args.services)
    try:
        started = stack.up(services=services, infra_only=args.infra_only, say=_say)
    except PortsInUse as exc:  # nothing was started: the line(s) say it all
        for problem in exc.problems:
            print(f"keel up: {problem}", file=sys.stderr)
        return 1
    except StackError as exc:
        print(f"keel: {exc}\n", file=sys.stderr)
        print(
            f"keel: up failed. What started is still running: see `keel status`, "
            f"`keel logs NAME` ({stack.settings.logs_dir}); fix and run `keel up` again, "
            "or `keel down`.",
            file=sys.stderr,
        )
        return 1
    s = stack.settings
    print("Keel is up." if started else "Keel is already up.")
    if not args.infra_only:
        print(f"  gateway   {s.gateway_url}")
        print(f"  try       curl {s.gateway_url}/v1/templates/categories")
    print("  traces    keel traces (recent ones) · keel trace [ID] (one, as a tree)")
    print(f"  logs      keel logs [NAME]  ({s.logs_dir})")
    print("  stop      keel down")
    return 0


def _parse_services(raw: str | None) -> list[str]:
    if not raw:
        return list(SERVICES)
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = sorted(set(names) - set(SERVICES))
    if unknown:
        raise SettingsError(f"unknown services {unknown}; choose from {list(SERVICES)}")
    return names


def cmd_down(args: argparse.Namespace) -> int:
    stack = Stack()
    killed = stack.down(say=_say)
    if killed:
        print(f"Keel is down; killed processes that did not stop in time: {killed}")
    else:
        print("Keel is down.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    stack = Stack()
    rows = stack.status()
    if rows is None:
        print(f"Keel is down (no supervisord answering for {stack.settings.home}).")
        return 3  # as LSB status: not running
    print(f"Keel stack in {stack.settings.home} (supervisord pid {stack.supervisord.pid()})")
    width = max(10, *(len(r.name) for r in rows))  # agents-worker is longer than the rest
    print(f"{'NAME':<{width}} {'STATE':<9} {'PID':>7}  {'UPTIME':<9} HEALTH")
    for row in rows:
        uptime = row.description.rpartition("uptime ")[2] if row.state == "RUNNING" else "-"
        print(f"{row.name:<{width}} {row.state:<9} {row.pid or '-':>7}  {uptime:<9} {row.health}")
    print(f"gateway {stack.settings.gateway_url}")
    # Programs never started (STOPPED, e.g. after `up --infra-only`) are not a fault.
    return 0 if all(r.ready or r.state == "STOPPED" for r in rows) else 1


def cmd_logs(args: argparse.Namespace) -> int:
    settings = StackSettings.from_env()
    if args.name:
        files = [settings.log_file(args.name)]
    else:
        files = sorted(settings.logs_dir.glob("*.log"))
    missing = [f for f in files if not f.exists()]
    if missing or not files:
        available = sorted(p.stem for p in settings.logs_dir.glob("*.log"))
        print(f"keel: no such log; available: {', '.join(available) or 'none'}", file=sys.stderr)
        return 1
    if args.follow and shutil.which("tail"):
        os.execvp("tail", ["tail", "-n", str(args.lines), "-F", *map(str, files)])
    for f in files:
        if len(files) > 1:
            print(f"==> {f} <==")
        print(tail(f, args.lines))
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    settings = StackSettings.from_env()
    spans = traces.find_trace(traces.load_spans(settings.spans_file), args.trace_id)
    if not spans:
        what = f"trace {args.trace_id}" if args.trace_id else "traces"
        print(f"keel: no {what} in {settings.spans_file}", file=sys.stderr)
        return 1
    print(traces.render_trace(spans))
    return 0


def cmd_traces(args: argparse.Namespace) -> int:
    settings = StackSettings.from_env()
    spans = traces.load_spans(settings.spans_file)
    min_spans = 1 if args.all else 2
    summaries = traces.recent_traces(spans, args.limit, min_spans, args.service)
    print(traces.render_trace_list(summaries))
    if not args.all:
        print("(traces of a single span, mostly background work, are hidden: --all shows them)")
    return 0


_T = TypeVar("_T")


def _redis_url() -> str:
    """The services' Redis: KEEL_REDIS_URL, else the embedded stack's."""
    default = f"redis://127.0.0.1:{StackSettings.from_env().redis_port}/0"
    return os.environ.get("KEEL_REDIS_URL", default)


def _with_redis(work: Callable[[redis.Redis], Awaitable[_T]]) -> _T:
    async def run() -> _T:
        client = redis.Redis.from_url(_redis_url())
        try:
            return await work(client)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StackError(
                f"Redis at {_redis_url()} does not answer ({exc}); is Keel up?"
            ) from exc
        finally:
            await client.aclose()

    return asyncio.run(run())


def _age(seconds: float) -> str:
    return "-" if seconds <= 0 else f"{seconds:.0f}s" if seconds < 120 else f"{seconds / 60:.0f}m"


def cmd_events(args: argparse.Namespace) -> int:
    async def read(client: redis.Redis) -> tuple[list[event_streams.GroupLag], dict[str, int]]:
        streams = await event_streams.event_streams(client)
        lags = [lag for s in streams for lag in await event_streams.group_lags(client, s)]
        return lags, await event_streams.dead_letter_groups(client)

    lags, dead = _with_redis(read)
    now = time.time()
    print(f"{'STREAM':<24} {'GROUP':<16} {'LAG':>7} {'PENDING':>8} {'UNDELIVERED':>12}  OLDEST")
    for lag in lags:
        print(
            f"{lag.stream:<24} {lag.group:<16} {lag.lag:>7} {lag.pending:>8} "
            f"{lag.undelivered:>12}  {_age(lag.oldest_seconds(now))}"
        )
    if not lags:
        print("(no consumer groups yet)")
    for group, count in dead.items():
        if count:
            print(f"dead letters of {group}: {count} (keel events dead-letters {group})")
    return 0


def cmd_dead_letters(args: argparse.Namespace) -> int:
    async def read(client: redis.Redis) -> list[event_streams.DeadLetter]:
        groups = (
            [args.group] if args.group else list(await event_streams.dead_letter_groups(client))
        )
        return [letter for g in groups for letter in await event_streams.dead_letters(client, g)]

    letters = _with_redis(read)
    if not letters:
        print("no dead letters")
        return 0
    print(f"{'ENTRY':<17} {'GROUP':<12} {'DEAD AT':<20} {'EVENT':<36} {'TYPE':<28} ERROR")
    for letter in letters:
        dead_at = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(letter.dead_at))
        print(
            f"{letter.entry_id:<17} {letter.group:<12} {dead_at:<20} {letter.event_id:<36} "
            f"{letter.type:<28} {letter.error}"
        )
    print("to replay them: keel events replay GROUP --all (or GROUP ENTRY …)")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    if not args.all and not args.entries:
        print("keel: name the dead letters to replay (ENTRY …) or pass --all", file=sys.stderr)
        return 2

    async def replay(client: redis.Redis) -> list[str]:
        return await event_streams.replay(client, args.group, args.entries)

    replayed = _with_redis(replay)
    missing = sorted(set(args.entries) - set(replayed))
    print(f"replayed {len(replayed)} dead letters to {args.group}")
    if missing:
        print(f"keel: no dead letters {missing} of {args.group}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keel",
        description="Run Keel on this machine: PostgreSQL, Redis, an OTLP receiver, the five "
        "services, the agents worker and the Envoy gateway, under supervisord, with state in "
        "$KEEL_HOME (default: <repo>/.keel).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start the stack; returns when everything is healthy")
    up.add_argument(
        "--infra-only",
        action="store_true",
        help="only postgres, redis and the OTLP receiver (run services yourself)",
    )
    up.add_argument(
        "--services",
        metavar="A,B",
        help=f"start only these services (default: all of {','.join(SERVICES)}); "
        "agents brings its worker",
    )
    up.set_defaults(func=cmd_up)

    sub.add_parser("down", help="stop everything").set_defaults(func=cmd_down)
    sub.add_parser("status", help="state, pid and health of each process").set_defaults(
        func=cmd_status
    )

    logs = sub.add_parser("logs", help="show a process's log (all when no NAME)")
    logs.add_argument("name", nargs="?", metavar="NAME")
    logs.add_argument("-n", "--lines", type=int, default=50)
    logs.add_argument("-f", "--follow", action="store_true")
    logs.set_defaults(func=cmd_logs)

    trace = sub.add_parser("trace", help="show one trace as a tree (default: the latest)")
    trace.add_argument("trace_id", nargs="?", metavar="TRACE_ID", help="id or unique prefix")
    trace.set_defaults(func=cmd_trace)

    recent = sub.add_parser("traces", help="list the most recent traces")
    recent.add_argument("-n", "--limit", type=int, default=20)
    recent.add_argument("-s", "--service", help="only traces that touched this service")
    recent.add_argument("-a", "--all", action="store_true", help="include single-span traces")
    recent.set_defaults(func=cmd_traces)

    events = sub.add_parser(
        "events", help="each consumer group's lag on each event stream, and its dead letters"
    )
    events.set_defaults(func=cmd_events)
    about = events.add_subparsers(dest="what")
    dead = about.add_parser("dead-letters", help="the events a consumer group gave up on")
    dead.add_argument("group", nargs="?", metavar="GROUP", help="default: every group")
    dead.set_defaults(func=cmd_dead_letters)
    replay = about.add_parser("replay", help="send dead letters back to their consumer group")
    replay.add_argument("group", metavar="GROUP")
    replay.add_argument("entries", nargs="*", metavar="ENTRY", help="dead-letter entry ids")
    replay.add_argument("--all", action="store_true", help="every dead letter of the group")
    replay.set_defaults(func=cmd_replay)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except _EXPECTED_ERRORS as exc:
        print(f"keel: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `keel logs | head`: the reader is gone, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())

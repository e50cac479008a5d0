"""The load generators: `h2load` (nghttp2-client) for gRPC, `wrk` for REST.

Both are C programs, so on this 2-core machine the load generator takes a small share of
a core and the Python services stay the bottleneck being measured.

h2load knows nothing of gRPC: it counts every HTTP 200 as a success, even one whose
`grpc-status` trailer says otherwise. A failed unary call carries no DATA frames, while
every successful one carries the same response frame, so the received DATA bytes divided
by the frame size tell how many calls really succeeded (see `H2Result.grpc_ok`).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("nghttp2-client", "wrk")


class LoadError(RuntimeError):
    """A load generator is missing or failed."""


@dataclass(frozen=True)
class Load:
    """How hard and how long to push.

    32 requests in flight saturate one Python server process (it uses one core) without
    turning the run into a queueing test; one load-generator thread leaves the second
    core to the service's database, Envoy and the OTLP receiver.
    """

    duration: int  # seconds measured
    warmup: int  # seconds run first and thrown away (connection pools, caches, JIT-less warm)
    connections: int = 4  # h2load: HTTP/2 connections, each with `streams` calls in flight
    streams: int = 8
    rest_connections: int = 32  # wrk: HTTP/1.1, one request in flight per connection
    threads: int = 1
    # Logins: each one is an argon2id verification (~0.2 s of one core, 64 MiB) and
    # identity runs two at a time; 4 in flight keep both cores busy without measuring a
    # queue. At ~10 logins/s, `duration` would give too few for a p99: measured longer.
    login_connections: int = 4
    login_duration: int | None = None  # seconds measured; None: `duration`

    @property
    def login_seconds(self) -> int:
        return self.login_duration or self.duration


@dataclass(frozen=True)
class Result:
    """One measured run."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def grpc_frame(message: bytes) -> bytes:
    """A gRPC length-prefixed message: no compression, 4-byte big-endian length."""
    return struct.pack(">BI", 0, len(message)) + message


# -- installing ----------------------------------------------------------------------------


def ensure_tools() -> None:
    """Install h2load and wrk from Debian when missing; a clear LoadError when impossible."""
    if _have_tools():
        return
    apt = shutil.which("apt-get")
    if apt is None:
        raise LoadError(_missing_message("apt-get is not available"))
    print(f"bench: installing {' '.join(PACKAGES)} with apt-get …", file=sys.stderr)
    # `update` only when needed: the package lists may be stale or absent on a fresh machine.
    if _apt_install(apt) != 0 and (_apt_run([apt, "update", "-q"]) != 0 or _apt_install(apt)):
        raise LoadError(_missing_message("apt-get install failed (are you root?)"))
    if not _have_tools():
        raise LoadError(_missing_message("still not on PATH after installing"))


def _have_tools() -> bool:
    return shutil.which("h2load") is not None and shutil.which("wrk") is not None


def _apt_install(apt: str) -> int:
    return _apt_run([apt, "install", "-y", "-q", *PACKAGES])


def _apt_run(argv: list[str]) -> int:
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        print(done.stdout[-2000:] + done.stderr[-2000:], file=sys.stderr)
    return done.returncode


def _missing_message(why: str) -> str:
    return (
        f"the benchmark needs h2load and wrk ({why}); install them with\n"
        f"    apt-get install -y {' '.join(PACKAGES)}"
    )


# -- h2load (gRPC) ---------------------------------------------------------------------------


def h2load(
    url: str,
    body: Path,
    frame_size: int,
    load: Load,
    seconds: int,
    log_file: Path,
    metadata: Sequence[tuple[str, str]] = (),
) -> Result:
    """Unary gRPC calls to `url` (http://host:port/pkg.Service/Method) for `seconds`, with
    `metadata` (the caller's `x-keel-*`, as a service forwards them) on every call."""
    argv = [
        "h2load", f"-t{load.threads}", f"-c{load.connections}", f"-m{load.streams}",
        f"-D{seconds}", f"--data={body}", f"--log-file={log_file}",
        "-H", "content-type: application/grpc", "-H", "te: trailers",
    ]  # fmt: skip
    for name, value in metadata:
        argv += ["-H", f"{name}: {value}"]
    argv.append(url)
    output = _run(argv, seconds)
    return _h2load_result(output, frame_size, log_file)


def _h2load_result(output: str, frame_size: int, log_file: Path) -> Result:
    rps = float(_search(r"finished in [\d.]+m?s, ([\d.]+) req/s", output))
    done = int(_search(r"requests: \d+ total, \d+ started, (\d+) done", output))
    http_ok = int(_search(r"status codes: (\d+) 2xx", output))
    data = int(_search(r"traffic: .*?, [\d.]+\w*B \((\d+)\) data", output))
    grpc_ok = min(http_ok, data // frame_size)
    latencies = _h2load_latencies(log_file)
    return Result(
        requests=done,
        rps=rps * grpc_ok / done if done else 0.0,  # only real successes count
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        errors=done - grpc_ok,
        tool="h2load",
    )


def _h2load_latencies(log_file: Path) -> list[float]:
    """Per-request times (ms) from h2load's log: start µs, HTTP status, duration µs."""
    latencies = []
    for line in log_file.read_text().splitlines():
        fields = line.split("\t")
        if len(fields) >= 3:
            latencies.append(int(fields[2]) / 1000.0)
    return latencies


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# -- wrk (REST) ------------------------------------------------------------------------------


def wrk(
    url: str,
    load: Load,
    seconds: int,
    *,
    headers: Mapping[str, str] | None = None,
    script: Path | None = None,
    connections: int | None = None,
) -> Result:
    """HTTP/1.1 GETs of `url` for `seconds`, with `headers` on every request; or the
    requests a Lua `script` makes (see `post_script`)."""
    argv = [
        "wrk", f"-t{load.threads}", f"-c{connections or load.rest_connections}",
        f"-d{seconds}s", "--latency", "--timeout", "5s",
    ]  # fmt: skip
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    if script is not None:
        argv += ["-s", str(script)]
    return _wrk_result(_run([*argv, url], seconds))


def post_script(
    path: Path, target: str, bodies: Sequence[str], headers: Mapping[str, str] | None = None
) -> Path:
    """A wrk Lua script that POSTs the JSON `bodies` to `target` (a path), in turn, with
    `headers` too (wrk's own -H headers do not reach a request the script formats)."""
    if not bodies:
        raise ValueError("post_script needs at least one body")
    quoted = ",\n".join(f"  {_lua_string(body)}" for body in bodies)
    sent = {"Content-Type": "application/json", **(headers or {})}
    table = ", ".join(f"[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in sent.items())
    path.write_text(
        f"local bodies = {{\n{quoted}\n}}\n"
        f"local headers = {{ {table} }}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n % #bodies + 1\n"
        f'  return wrk.format("POST", {_lua_string(target)}, headers, bodies[n])\n'
        "end\n"
    )
    return path


def _lua_string(text: str) -> str:
    """`text` as a Lua long string literal, whatever it contains."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _WRK_UNITS[unit]


def _wrk_result(output: str) -> Result:
    requests = int(_search(r"(\d+) requests in", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    rps = float(_search(r"Requests/sec:\s+([\d.]+)", output))
    return Result(
        requests=requests,
        rps=rps * max(requests - errors, 0) / requests if requests else 0.0,
        p50_ms=_wrk_ms(_search(r"\s50%\s+([\d.]+\w+)", output)),
        p99_ms=_wrk_ms(_search(r"\s99%\s+([\d.]+\w+)", output)),
        errors=errors,
        tool="wrk",
    )


# -- helpers ---------------------------------------------------------------------------------


def _run(argv: list[str], seconds: int) -> str:
    # subprocess.run kills the generator if we are interrupted (Ctrl-C, SIGTERM).
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=False)
    if done.returncode != 0:
        raise LoadError(f"{argv[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def _search(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise LoadError(f"unexpected load generator output (no {pattern!r}):\n{text}")
    return match.group(1)

"""What the billing scenarios need, and the Python load generators they run.

The scenarios themselves are in `bench.scenarios` (`Runner.run_billing`):
- **ledger pairs**: Reserve then Settle of the credits ledger, straight to billing over
  gRPC as the agents service calls it, authenticated as a real user (`x-keel-user-id`,
  `x-keel-session-id`); on one hot organization, and spread over `SPREAD_ORGS`.
  A pair needs the reservation id Reserve returned, which h2load cannot do: the
  generator is `python -m bench.billing pairs` (grpc.aio), in its own process so that
  its CPU shows apart from the bench's, like h2load's.
- **pgbench**: the plain PostgreSQL baseline, a single-row `UPDATE … WHERE balance >= 1`.
- **rate limit**: `RateLimiter.hit` against Redis, two limits as CheckAIAccess checks
  them (`python -m bench.billing ratelimit`).
- **CheckAIAccess**: h2load, like CheckPermission (the request serialized in a file).

The mTLS group (`Runner.run_tls`) also drives identity's CheckPermission with a generator
of this module (`python -m bench.billing permission`), as billing calls it: with billing's
certificate when identity serves mTLS, in plaintext otherwise, the same code either way.

Made once per run, through identity's gRPC API as a client would: the user the load runs
as, with the organizations (`create_fixture`); and a platform administrator who grants
the hot organization enough credits for any number of rounds.

A generator process talks to the bench over its stdout: `measuring` when its warm-up
ends and the measured window begins, then one JSON line with the result; then it waits
for its stdin to close, so the bench reads its CPU time while it still runs.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import secrets
import select
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import grpc

from bench.identity import jwt_claims
from bench.loadgen import Load, LoadError, Result, percentile
from bench.procs import REPO_ROOT, BenchError, clean_environment
from deploy.embedded.postgres import POSTGRES_BIN_PATH, EmbeddedPostgres, database_name
from keel.billing.v1 import credits_pb2, credits_pb2_grpc, plans_pb2, plans_pb2_grpc
from keel.identity.v1 import (
    auth_pb2,
    auth_pb2_grpc,
    authorization_pb2,
    authorization_pb2_grpc,
    organizations_pb2,
    organizations_pb2_grpc,
)
from keel_runtime import tls
from keel_runtime.context import SESSION_ID, USER_ID

SPREAD_ORGS = 100
# Each pair holds a little more than it charges: the settlement releases the rest, as
# when an AI call costs less than its estimate. Small enough that the 20 credits a new
# organization starts with last the spread organizations for 200 000 pairs each.
RESERVE = "0.0002"
SETTLE = "0.0001"
# Granted once to the hot organization (purchased credits, which do not expire).
HOT_GRANT = "1000000"
CHECK_AI_METHOD = "/keel.billing.v1.PlanService/CheckAIAccess"
PGBENCH_SERVICE = "pgbench"  # its own role and database on the shared PostgreSQL
PGBENCH_SQL = "UPDATE acct SET balance = balance - 1 WHERE id = 1 AND balance >= 1;\n"
# Never reached: the rate-limit check measures the allowed path (both limits consumed).
RATE_PER_MINUTE = 10_000_000
RATE_PER_DAY = 1_000_000_000
RATE_CAPABILITY = "question_generation"
MEASURING = "measuring"
RPC_TIMEOUT = 10.0


# -- the fixture -------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    """The caller (owner of every organization) and the organizations it loads."""

    user_id: str
    session_id: str
    hot_org: str
    spread_orgs: tuple[str, ...]
    access_org: str  # CheckAIAccess's: its balance moves with no other scenario

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return caller(self.user_id, self.session_id)

    def access_request(self) -> plans_pb2.CheckAIAccessRequest:
        return plans_pb2.CheckAIAccessRequest(
            org_id=self.access_org,
            capability=plans_pb2.CAPABILITY_QUESTION_GENERATION,
            quality=plans_pb2.QUALITY_LEVEL_FAST,
            consume=False,
        )


def caller(user_id: str, session_id: str) -> tuple[tuple[str, str], ...]:
    """The metadata a service forwards for its caller (keel_runtime.context)."""
    return ((USER_ID, user_id), (SESSION_ID, session_id))


def create_fixture(identity: str, billing: str, pg: EmbeddedPostgres) -> Fixture:
    """A user with 2 + SPREAD_ORGS organizations, and a platform administrator who grants
    the hot one HOT_GRANT credits. Raises BenchError naming the call that failed."""
    tag = secrets.token_hex(4)
    with grpc.insecure_channel(identity) as channel:
        owner = _signup(channel, f"bench-billing-{tag}@example.com")
        operator = _signup(channel, f"bench-operator-{tag}@example.com")
        stub = organizations_pb2_grpc.OrganizationServiceStub(channel)
        orgs = [
            _rpc(
                stub.CreateOrganization,
                organizations_pb2.CreateOrganizationRequest(name=f"Bench billing {tag} {i}"),
                owner,
            ).organization.organization.id
            for i in range(SPREAD_ORGS + 2)
        ]
    # As `platform-admin grant` does; ids come from identity, checked as UUIDs anyway.
    pg.psql(
        f"UPDATE users SET platform_admin = true WHERE id = '{uuid.UUID(operator[0][1])}'",
        database=database_name("identity"),
    )
    fixture = Fixture(owner[0][1], owner[1][1], orgs[0], tuple(orgs[1:-1]), orgs[-1])
    with grpc.insecure_channel(billing) as channel:
        _rpc(
            credits_pb2_grpc.CreditServiceStub(channel).GrantCredits,
            credits_pb2.GrantCreditsRequest(
                org_id=fixture.hot_org,
                amount=HOT_GRANT,
                bucket=credits_pb2.BUCKET_KIND_PURCHASED,
                reason="bench: the hot organization's credits",
                idempotency_key=f"bench-grant-{tag}",
            ),
            operator,
        )
    return fixture


def _signup(channel: grpc.Channel, email: str) -> tuple[tuple[str, str], ...]:
    """Sign a user up; the metadata of their session."""
    reply = _rpc(
        auth_pb2_grpc.AuthServiceStub(channel).Signup,
        auth_pb2.SignupRequest(
            email=email, password=f"bench-{secrets.token_urlsafe(12)}", display_name="Bench"
        ),
    )
    claims = jwt_claims(reply.tokens.access_token)
    if claims.get("sub") != reply.user.id or not claims.get("sid"):
        raise BenchError(f"the access token's claims do not name the user's session: {claims}")
    return caller(reply.user.id, str(claims["sid"]))


def _rpc(method: Any, request: Any, metadata: Sequence[tuple[str, str]] = ()) -> Any:
    try:
        return method(request, metadata=metadata, timeout=30)
    except grpc.RpcError as exc:
        name = type(request).__name__.removesuffix("Request")
        raise BenchError(f"{name} failed: {exc.code()} {exc.details()}") from exc


# -- one call each, and the ledger check after a run -------------------------------------


@dataclass(frozen=True)
class Balance:
    balance: Decimal
    reserved: Decimal
    available: Decimal
    overdraft_limit: Decimal


def balances(address: str, fixture: Fixture, orgs: Sequence[str]) -> dict[str, Balance]:
    """GetBalance of each organization (its first billing call opens its account)."""
    found = {}
    with grpc.insecure_channel(address) as channel:
        stub = credits_pb2_grpc.CreditServiceStub(channel)
        for org in orgs:
            reply = _rpc(
                stub.GetBalance, credits_pb2.GetBalanceRequest(org_id=org), fixture.metadata
            ).balance
            found[org] = Balance(
                Decimal(reply.balance),
                Decimal(reply.reserved),
                Decimal(reply.available),
                Decimal(reply.overdraft_limit),
            )
    return found


def check_pair(address: str, fixture: Fixture) -> None:
    """One real reserve + settle on the hot organization, as the load makes them."""
    with grpc.insecure_channel(address) as channel:
        stub = credits_pb2_grpc.CreditServiceStub(channel)
        held = _rpc(stub.Reserve, _reserve(fixture.hot_org), fixture.metadata).reservation
        reply = _rpc(stub.Settle, _settle(fixture.hot_org, held.id), fixture.metadata)
    settled = reply.reservation
    if settled.status != credits_pb2.RESERVATION_STATUS_SETTLED or settled.settled_amount != SETTLE:
        raise BenchError(f"Settle did not charge {SETTLE}: {settled}")


def verify(
    before: Mapping[str, Balance], after: Mapping[str, Balance], settled: Mapping[str, int]
) -> list[str]:
    """What is wrong with the ledger after a run that settled `settled` pairs per
    organization: each balance must be exactly the one before less what was settled,
    nothing may stay reserved, and available may not be below minus the overdraft."""
    problems = []
    for org, start in before.items():
        end = after[org]
        expected = start.balance - settled.get(org, 0) * Decimal(SETTLE)
        if end.balance != expected:
            problems.append(f"org {org}: balance {end.balance}, expected {expected}")
        if end.reserved != 0:
            problems.append(f"org {org}: {end.reserved} still reserved")
        if end.available < -end.overdraft_limit:
            problems.append(
                f"org {org}: OVERSPENT, available {end.available} < -{end.overdraft_limit}"
            )
    return problems


def check_ai_access(address: str, fixture: Fixture) -> plans_pb2.CheckAIAccessResponse | None:
    """One real CheckAIAccess; None when billing does not serve it (UNIMPLEMENTED)."""
    with grpc.insecure_channel(address) as channel:
        stub = plans_pb2_grpc.PlanServiceStub(channel)
        try:
            reply = stub.CheckAIAccess(
                fixture.access_request(), metadata=fixture.metadata, timeout=5
            )
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                return None
            raise BenchError(f"CheckAIAccess failed: {exc}") from exc
    if not reply.allowed:
        raise BenchError(f"CheckAIAccess refused: {reply.reason} ({reply.message})")
    return reply


def _reserve(org: str) -> credits_pb2.ReserveRequest:
    return credits_pb2.ReserveRequest(org_id=org, amount=RESERVE, idempotency_key=_key())


def _settle(org: str, reservation: str) -> credits_pb2.SettleRequest:
    return credits_pb2.SettleRequest(
        org_id=org, reservation_id=reservation, actual_amount=SETTLE, idempotency_key=_key()
    )


def _key() -> str:
    return f"bench-{uuid.uuid4().hex}"


# -- pgbench --------------------------------------------------------------------------------


def prepare_pgbench(pg: EmbeddedPostgres, home: Path) -> Path:
    """pgbench's role and database, its one-row table, and its script; the script's path."""
    pg.ensure_service_databases([PGBENCH_SERVICE])
    role = database_name(PGBENCH_SERVICE)
    pg.psql(
        "DROP TABLE IF EXISTS acct;"
        "CREATE TABLE acct (id integer PRIMARY KEY, balance bigint NOT NULL);"
        # Never runs out: every UPDATE of the run takes its branch.
        "INSERT INTO acct VALUES (1, 1000000000000000);"
        f"ALTER TABLE acct OWNER TO {role};",
        database=role,
    )
    script = home / "pgbench-update.sql"
    script.write_text(PGBENCH_SQL)
    return script


def pgbench(pg: EmbeddedPostgres, script: Path, clients: int, seconds: int, home: Path) -> Result:
    """`clients` connections running `script` for `seconds`, over TCP with a password as
    the services connect, synchronous commit; latencies from pgbench's per-transaction log."""
    role = database_name(PGBENCH_SERVICE)
    prefix = home / f"pgbench-{time.monotonic_ns()}"
    argv = [
        str(POSTGRES_BIN_PATH / "pgbench"), "-n", "-T", str(seconds), "-c", str(clients),
        "-j", "1", "-f", str(script), "-l", f"--log-prefix={prefix}",
        "-h", pg.host, "-p", str(pg.port), "-U", role, role,
    ]  # fmt: skip
    env = clean_environment() | {"PGPASSWORD": role, "PGOPTIONS": "-c synchronous_commit=on"}
    done = subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise LoadError(f"pgbench failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    latencies = []
    for log in home.glob(f"{prefix.name}.*"):
        for line in log.read_text().splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[2].isdigit():
                latencies.append(int(fields[2]) / 1000.0)
        log.unlink()
    processed = int(_search(r"actually processed: (\d+)", done.stdout))
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    return Result(
        requests=processed,
        rps=float(_search(r"tps = ([\d.]+)", done.stdout)),
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        errors=int(failed.group(1)) if failed else 0,
        tool="pgbench",
    )


def _search(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise LoadError(f"unexpected pgbench output (no {pattern!r}):\n{text}")
    return match.group(1)


# -- the Python load generators, as the bench sees them ----------------------------------------


def pairs_argv(address: str, fixture: Fixture, orgs: Sequence[str], load: Load) -> list[str]:
    return [
        "pairs", "--target", address, "--user", fixture.user_id,
        "--session", fixture.session_id, "--orgs", ",".join(orgs),
        *_load_args(load),
    ]  # fmt: skip


def permission_argv(
    address: str,
    tls_dir: Path | None,
    request: authorization_pb2.CheckPermissionRequest,
    load: Load,
    workload: str,
) -> list[str]:
    """CheckPermission `request` to identity at `address`: as `workload`, over mTLS with the
    certificates in `tls_dir`; in plaintext when None."""
    mesh = ["--tls-dir", str(tls_dir)] if tls_dir else []
    return [
        "permission", "--target", address, *mesh, "--workload", workload,
        "--request", request.SerializeToString().hex(), *_load_args(load),
    ]  # fmt: skip


def rate_limit_argv(redis_url: str, load: Load, callers: int | None = None) -> list[str]:
    """`callers` at once (default: as many as the other scenarios keep in flight)."""
    return ["ratelimit", "--redis", redis_url, *_load_args(load, callers)]


def _load_args(load: Load, in_flight: int | None = None) -> list[str]:
    return [
        "--in-flight", str(in_flight or load.connections * load.streams),
        "--connections", str(load.connections),
        "--warmup", str(load.warmup), "--duration", str(load.duration),
    ]  # fmt: skip


class Generator:
    """`python -m bench.billing <argv>` running (or another `module` speaking the same
    protocol); see the module docstring for its protocol."""

    def __init__(self, argv: Sequence[str], log: Path, module: str = "bench.billing") -> None:
        self.log = log
        with log.open("ab") as stderr:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", module, *argv],
                cwd=REPO_ROOT,
                env=clean_environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,
                bufsize=0,
            )
        self._buffer = b""

    @property
    def pid(self) -> int:
        return self.popen.pid

    def line(self, timeout: float) -> str:
        """Its next line of output; BenchError when it exits or says nothing in time."""
        assert self.popen.stdout is not None
        fd = self.popen.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BenchError(
                    f"the load generator said nothing for {timeout:.0f}s{self._tail()}"
                )
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise BenchError(f"the load generator exited{self._tail()}")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def close(self, *, wait: bool = True) -> None:
        """Let it exit (its stdin closes) once it has reported, or kill it: at once when
        `wait` is false (an error or Ctrl-C in the middle of its run)."""
        if self.popen.stdin is not None and not self.popen.stdin.closed:
            self.popen.stdin.close()
        try:
            self.popen.wait(10 if wait else 0)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
        if self.popen.stdout is not None:
            self.popen.stdout.close()

    def _tail(self) -> str:
        lines = self.log.read_text(errors="replace").splitlines()[-15:]
        return f"; last lines of {self.log}:\n" + "\n".join(lines)


def result(payload: Mapping[str, Any], tool: str) -> Result:
    done = int(payload["done"])
    return Result(
        requests=done,
        rps=done / payload["seconds"] if payload["seconds"] else 0.0,
        p50_ms=float(payload["p50_ms"]),
        p99_ms=float(payload["p99_ms"]),
        errors=int(payload["errors"]),
        tool=tool,
    )


# -- the load generators themselves (in their own process) ------------------------------------


@dataclass
class _Window:
    """The measured window, shared by the workers of one event loop."""

    measuring: bool = False
    stopping: bool = False


class _Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []  # ms, of what completed inside the window
        self.errors = 0  # inside the window
        self.kinds: Counter[str] = Counter()  # every failure, by call and status

    def failed(self, window: _Window, kind: str) -> None:
        self.kinds[kind] += 1
        self.errors += window.measuring


async def _run(
    args: argparse.Namespace, workers: Sequence[Any], tally: _Tally, window: _Window
) -> dict[str, Any]:
    """Warm up, announce and time the window, stop, wait for what is in flight."""
    tasks = [asyncio.create_task(worker) for worker in workers]
    await asyncio.sleep(args.warmup)
    _say(MEASURING)
    window.measuring, start = True, time.perf_counter()
    await asyncio.sleep(args.duration)
    window.measuring, seconds = False, time.perf_counter() - start
    window.stopping = True
    await asyncio.gather(*tasks)
    return {
        "done": len(tally.latencies),
        "seconds": seconds,
        "p50_ms": percentile(tally.latencies, 50),
        "p99_ms": percentile(tally.latencies, 99),
        "errors": tally.errors,
        "failures": dict(tally.kinds),
    }


async def _pairs(args: argparse.Namespace) -> dict[str, Any]:
    """`in_flight` workers, each reserving then settling, one pair after another; the
    organizations taken in turn. Channels with their own connections, as h2load's."""
    metadata = caller(args.user, args.session)
    orgs = itertools.cycle(args.orgs.split(","))
    window, tally = _Window(), _Tally()
    settled: Counter[str] = Counter()  # over the whole run, warm-up included
    held: list[str] = []  # reserved but not settled: a failed settlement
    channels = [
        grpc.aio.insecure_channel(args.target, options=[("grpc.use_local_subchannel_pool", 1)])
        for _ in range(args.connections)
    ]

    async def worker(stub: credits_pb2_grpc.CreditServiceStub) -> None:
        while not window.stopping:
            org = next(orgs)
            start = time.perf_counter()
            try:
                reply = await stub.Reserve(_reserve(org), metadata=metadata, timeout=RPC_TIMEOUT)
            except grpc.aio.AioRpcError as exc:
                tally.failed(window, f"Reserve {exc.code().name}")
                continue
            reservation = reply.reservation.id
            try:
                await stub.Settle(_settle(org, reservation), metadata=metadata, timeout=RPC_TIMEOUT)
            except grpc.aio.AioRpcError as exc:
                tally.failed(window, f"Settle {exc.code().name}")
                held.append(reservation)
                continue
            settled[org] += 1
            if window.measuring:
                tally.latencies.append((time.perf_counter() - start) * 1000.0)

    stubs = [credits_pb2_grpc.CreditServiceStub(channel) for channel in channels]
    workers = [worker(stubs[i % len(stubs)]) for i in range(args.in_flight)]
    try:
        outcome = await _run(args, workers, tally, window)
    finally:
        for channel in channels:
            await channel.close()
    return outcome | {"settled": dict(settled), "held": held}


async def _permission(args: argparse.Namespace) -> dict[str, Any]:
    """`in_flight` workers calling CheckPermission one after another over `connections`
    channels, like the pairs; only an ALLOWED answer counts. The channel is the one thing
    that differs between the modes: mTLS presenting `workload`'s certificate (and checking
    identity's), or plaintext."""
    request = authorization_pb2.CheckPermissionRequest.FromString(bytes.fromhex(args.request))
    options: list[tuple[str, Any]] = [("grpc.use_local_subchannel_pool", 1)]
    mesh = tls.MeshTls.load(Path(args.tls_dir), args.workload) if args.tls_dir else None
    channels = [
        tls.channel(args.target, mesh, server="identity", options=options)
        for _ in range(args.connections)
    ]
    window, tally = _Window(), _Tally()

    async def worker(stub: authorization_pb2_grpc.AuthorizationServiceStub) -> None:
        while not window.stopping:
            start = time.perf_counter()
            try:
                reply = await stub.CheckPermission(request, timeout=RPC_TIMEOUT)
            except grpc.aio.AioRpcError as exc:
                tally.failed(window, f"CheckPermission {exc.code().name}")
                continue
            if reply.verdict != authorization_pb2.VERDICT_ALLOWED:
                tally.failed(window, authorization_pb2.Verdict.Name(reply.verdict))
                continue
            if window.measuring:
                tally.latencies.append((time.perf_counter() - start) * 1000.0)

    stubs = [authorization_pb2_grpc.AuthorizationServiceStub(channel) for channel in channels]
    workers = [worker(stubs[i % len(stubs)]) for i in range(args.in_flight)]
    try:
        return await _run(args, workers, tally, window)
    finally:
        for channel in channels:
            await channel.close()


async def _rate_limit(args: argparse.Namespace) -> dict[str, Any]:
    """`in_flight` callers of `RateLimiter.hit` with the two limits CheckAIAccess consumes
    (per minute and per day), on one organization's keys, one call after another."""
    from redis.asyncio import Redis

    from keel_runtime.rate_limits import Limit, RateLimiter

    client = Redis.from_url(args.redis)  # as the service makes its client
    limiter = RateLimiter(client)
    prefix = f"org:{uuid.uuid4()}:{RATE_CAPABILITY}"
    limits = [
        Limit(f"{prefix}:minute", RATE_PER_MINUTE, 60),
        Limit(f"{prefix}:day", RATE_PER_DAY, 86_400),
    ]
    window, tally = _Window(), _Tally()

    async def worker() -> None:
        while not window.stopping:
            start = time.perf_counter()
            decision = await limiter.hit(limits)
            if not decision.allowed or decision.degraded:
                tally.failed(window, "degraded" if decision.degraded else "refused")
                continue
            if window.measuring:
                tally.latencies.append((time.perf_counter() - start) * 1000.0)

    try:
        return await _run(args, [worker() for _ in range(args.in_flight)], tally, window)
    finally:
        await client.aclose()


def _say(line: str, out: IO[str] = sys.stdout) -> None:
    out.write(line + "\n")
    out.flush()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.billing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    pairs = commands.add_parser("pairs", help="reserve + settle pairs against billing")
    pairs.add_argument("--target", required=True, help="billing's host:port")
    pairs.add_argument("--user", required=True)
    pairs.add_argument("--session", required=True)
    pairs.add_argument("--orgs", required=True, help="organization ids, comma-separated")
    limits = commands.add_parser("ratelimit", help="RateLimiter.hit against Redis")
    limits.add_argument("--redis", required=True, help="redis:// URL")
    checks = commands.add_parser("permission", help="CheckPermission against identity")
    checks.add_argument("--target", required=True, help="identity's host:port")
    checks.add_argument("--tls-dir", help="the mesh's certificates (default: plaintext)")
    checks.add_argument("--workload", default="billing", help="whose certificate to present")
    checks.add_argument("--request", required=True, help="a CheckPermissionRequest, in hex")
    for command in (pairs, limits, checks):
        command.add_argument("--in-flight", type=int, default=32)
        command.add_argument("--connections", type=int, default=4)
        command.add_argument("--warmup", type=float, default=2.0)
        command.add_argument("--duration", type=float, default=8.0)
    args = parser.parse_args(argv)
    run = {"pairs": _pairs, "ratelimit": _rate_limit, "permission": _permission}[args.command]
    _say(json.dumps(asyncio.run(run(args))))
    sys.stdin.read()  # until the bench has read our CPU time and closes our stdin


if __name__ == "__main__":
    main()

"""The runs scenarios (issue 13, `--only runs`): one block per round against one fresh
identity, billing, catalog and agents behind one Envoy, **mTLS on** (the agents service
calls billing as itself for the credit hold and the plan's model, which billing knows
only from its certificate), tracing off (like the identity and billing groups).

In order, each round:
1. **Start path** (no worker running: the figure is the start alone, and the runs it
   accepts stay queued for step 2): wrk POSTs `/v1/agents/{id}/runs` with a bearer token,
   every check on (identity's `agents.run`, the agent visible, billing's CheckLimit,
   CheckAIAccess and credit hold, one transaction inserting the run, its thread and the
   durable enqueue); side by side with the categories read through the same Envoy (the
   order flips every round). Each accepted run must be in agents's database.
2. **Drain**: two workers (built-in model) started on that backlog; runs completed per
   second from the moment both work until the last one finished (from the runs' own
   timestamps), each checked completed with the built-in model's answer.
3. **Queue latency**: the same two workers, now idle, fed PACED_RATE runs a second
   (below what they drain, so no backlog builds): `started_at - created_at` of each.
4. **Streaming**: two workers whose `openai` provider is a local model server
   (`bench.model_server`) streaming CHUNKS chunks every CHUNK_MS ms; STREAMS runs at
   once, STREAMS SSE clients (`bench.streams`): chunk emitted → `message.delta` read
   (and the same with 1 and 10 streams, `STREAM_LEVELS`).
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from bench import billing, cpu, runs_setup
from bench import identity as auth
from bench.infra import BUILTIN_WORKER, MODES, Gateway, Server, Tracing, get_json
from bench.loadgen import Load, Result, percentile, post_script, wrk
from bench.procs import BenchError, Child, stop_all
from bench.runs_setup import Fixture
from bench.scenarios import Measurement, Runner, progress, rss_mib

RUN_START = "runs/start"  # POST /v1/agents/{id}/runs through Envoy (wrk), no worker running
RUN_CATEGORIES = "runs/categories"  # GET /v1/templates/categories, same Envoy, same round
RUN_DRAIN = "runs/drain"  # runs completed per second by WORKERS workers, built-in model
RUNS_MODE: Tracing = MODES[0]  # tracing off: these figures isolate the runs' own work
WORKERS = 2
# Runs started per second for the queue latency: about a third of what two workers drain
# on this machine while the starts themselves take their share of the CPU (at 20/s the
# runs queued behind each other and the figure was the backlog's, not the queue's).
PACED_RATE = 10.0
PACED_SENDERS = 8  # starts in flight at most while pacing
STREAMS = 50  # runs streaming at once: the goal's load
# Also 1 (the path's own latency, nothing queued) and 10, one after the other on the same
# workers, to show where the time goes as the load grows.
STREAM_LEVELS = (1, 10, STREAMS)
CHUNKS = 40  # content chunks per model answer
CHUNK_MS = 50  # between two chunks of one answer
DRAIN_MIN_RATE = 2.0  # runs/s below which a drain is taken for stuck
# The start path queues every run it accepts with no worker running, so one organization
# holds thousands of credit holds at once: above billing's default cap per organization.
SETTINGS = {"billing": {"KEEL_BILLING_MAX_OPEN_HOLDS": "1000000"}}


def stream_worker(model: Server) -> dict[str, str]:
    """A worker whose provider named `openai` is the local model: billing's fast model,
    `openai/gpt-4o-mini`, goes there as `gpt-4o-mini`. Half the streams per worker, so all
    run at once."""
    prefix = "KEEL_AGENTS_PROVIDER_OPENAI_"
    return {
        "KEEL_AGENTS_BUILTIN_FOR_ALL": "false", "KEEL_AGENTS_PROVIDERS": "openai",
        prefix + "KIND": "openai", prefix + "BASE_URL": f"http://{model.address}/v1",
        prefix + "API_KEY": "bench", "KEEL_AGENTS_QUEUE_POLL_SECONDS": "0.1",
        "KEEL_AGENTS_WORKER_CONCURRENCY": str(-(-max(STREAM_LEVELS) // WORKERS)),
    }  # fmt: skip


@dataclass
class RunsFindings:
    """What the runs block found besides the table's figures, one entry per round."""

    starts: list[dict[str, Any]] = field(default_factory=list)  # accepted vs found
    queue: list[dict[str, Any]] = field(default_factory=list)  # paced runs' latencies
    streaming: list[dict[str, Any]] = field(default_factory=list)  # bench.streams' report
    ledger: list[dict[str, Any]] = field(default_factory=list)  # charged vs completed
    worker_rss_mib: float = 0.0  # the most a worker held after a drain
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Mesh:
    servers: dict[str, Server]
    gateway: Gateway
    children: list[Child]

    def pid(self, name: str) -> int:
        return self.servers[name].child.pid


class RunsScenarios:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.infra = runner.infra
        self.findings = RunsFindings()
        self._fixture: Fixture | None = None  # made through the first round's gateway

    def run(self, round_: int) -> None:
        mesh = self._start_mesh()
        try:
            fixture = self._fixture = self._fixture or runs_setup.create_fixture(
                mesh.gateway, self.infra.pg
            )
            before = self._ledger(mesh, fixture)
            self._start_path(round_, mesh, fixture)
            workers = self._workers(mesh, BUILTIN_WORKER)
            self._drain(round_, mesh, fixture, workers)
            self._paced(round_, mesh, fixture)
            self.findings.worker_rss_mib = max(
                [self.findings.worker_rss_mib, *(rss_mib(w.pid) for w in workers)]
            )
            stop_all(workers)
            self._streaming(round_, mesh, fixture)
            self._check_ledger(round_, before, self._ledger(mesh, fixture))
        finally:
            stop_all(mesh.children)

    def _ledger(self, mesh: _Mesh, fixture: Fixture) -> tuple[runs_setup.Credits, int]:
        """The organization's credits, and how many of its runs have completed."""
        completed = runs_setup.statuses(self.infra.pg, fixture).get("completed", 0)
        return runs_setup.credits(mesh.gateway, fixture), completed

    def _check_ledger(
        self,
        round_: int,
        before: tuple[runs_setup.Credits, int],
        after: tuple[runs_setup.Credits, int],
    ) -> None:
        """Each completed run was charged one model call, exactly. What the round left
        held is the holds of starts wrk cut off between the hold and the insert (billing's
        sweeper expires them at their TTL)."""
        charged = before[0].balance - after[0].balance
        expected = (after[1] - before[1]) * runs_setup.CREDITS_PER_RUN
        entry = {"round": round_, "charged": str(charged), "expected": str(expected),
                 "left_held": str(after[0].reserved - before[0].reserved)}  # fmt: skip
        self.findings.ledger.append(entry)
        if charged != expected:
            self._problem(f"round {round_}: {charged} credits charged for {after[1] - before[1]} "
                          f"completed runs, {expected} expected")  # fmt: skip

    def _start_mesh(self) -> _Mesh:
        start = self.infra.start_service
        children: list[Child] = []
        try:
            identity = start("identity", RUNS_MODE, mtls=True)
            children.append(identity.child)
            peers = {"identity": identity}
            for name in ("billing", "catalog"):
                peers[name] = start(name, RUNS_MODE, mtls=True, peers={"identity": identity},
                                    settings=SETTINGS.get(name))  # fmt: skip
                children.append(peers[name].child)
            servers = {**peers, "agents": start("agents", RUNS_MODE, mtls=True, peers=peers)}
            children.append(servers["agents"].child)
            for server in servers.values():  # started together: Python start-ups overlap
                self.infra.wait_serving(server)
            gateway = self.infra.start_gateway(
                servers["catalog"], RUNS_MODE, identity=identity,
                others={n: servers[n] for n in ("billing", "agents")},
            )  # fmt: skip
            children.append(gateway.child)
        except BaseException:
            stop_all(children)
            raise
        return _Mesh(servers, gateway, children)

    def _workers(self, mesh: _Mesh, settings: dict[str, str]) -> list[Child]:
        peers = {n: mesh.servers[n] for n in ("identity", "billing")}
        workers = [
            self.infra.start_worker(
                RUNS_MODE, mtls=True, peers=peers, settings=settings, label=f"agents-worker-{i}"
            )
            for i in range(1, WORKERS + 1)
        ]
        mesh.children += workers
        for worker in workers:  # started together, waited for together
            self.infra.wait_working(worker)
        return workers

    # -- 1. the start path ------------------------------------------------------------------

    def _start_path(self, round_: int, mesh: _Mesh, fixture: Fixture) -> None:
        """wrk POSTs against the categories read, side by side; then every accepted run
        must be in agents's database, and one more start must be accepted."""
        pg, gateway = self.infra.pg, mesh.gateway
        runs_setup.start_run(gateway, fixture)  # the path works before it is loaded
        if get_json(gateway.categories_url) != self.runner.rest_reply:
            raise BenchError("the categories read differs from the one answered at idle")
        before = sum(runs_setup.statuses(pg, fixture).values())
        script = post_script(
            self.infra.home / "start-run.lua", fixture.start_path,
            [json.dumps(runs_setup.START_BODY)], auth.bearer(fixture.token),
        )  # fmt: skip
        loads: list[Result] = []  # the warm-up's and the measured run's: both start runs

        def start(seconds: int) -> Result:
            loads.append(wrk(gateway.url + fixture.start_path, self.load, seconds, script=script))
            return loads[-1]

        pids = self._pids(mesh, "agents", "identity", "billing")
        steps = [
            lambda: self.runner.measure(RUN_START, round_, pids, start),
            self.runner.rest_step(RUN_CATEGORIES, round_, self._pids(mesh, "catalog"),
                                  gateway, {}),
        ]  # fmt: skip
        for step in steps if round_ % 2 else reversed(steps):
            step()
        runs_setup.start_run(gateway, fixture)  # still accepted right after the load
        self._check_accepted(round_, loads, sum(runs_setup.statuses(pg, fixture).values()) - before)

    def _check_accepted(self, round_: int, loads: list[Result], found: int) -> None:
        """Every run wrk saw accepted exists. A few more may: the requests in flight when
        wrk stopped, cut off before their answer but after the run was written."""
        accepted = sum(r.requests - r.errors for r in loads) + 1  # + the start after
        in_flight = len(loads) * self.load.rest_connections
        entry = {"round": round_, "accepted": accepted, "found": found, "cut_off": found - accepted}
        self.findings.starts.append(entry)
        if not accepted <= found <= accepted + in_flight:
            self._problem(f"round {round_}: {accepted} runs accepted, {found} in agents's "
                          f"database (at most {in_flight} more expected)")  # fmt: skip

    # -- 2. the drain -------------------------------------------------------------------

    def _drain(self, round_: int, mesh: _Mesh, fixture: Fixture, workers: list[Child]) -> None:
        """Completions per second from when both workers work until the backlog is gone,
        from the runs' finished_at; their CPU over the same wait."""
        pg = self.infra.pg
        since = time.time()  # both workers are working (`_workers` waited)
        pids = {f"worker-{i}": w.pid for i, w in enumerate(workers, 1)}
        hops = self._pids(mesh, "agents", "billing")
        hops["agents"] = hops.pop("service")  # "service" is the two workers' sum, below
        pids |= hops
        before, start = cpu.snapshot(pids), time.monotonic()
        backlog = runs_setup.unfinished(pg, fixture)
        self._wait_finished(fixture, backlog / DRAIN_MIN_RATE + 60)
        wall = time.monotonic() - start
        usage = cpu.usage(before, cpu.snapshot(pids), wall)
        usage["service"] = round(sum(usage[f"worker-{i}"] for i in range(1, WORKERS + 1)), 1)
        done = runs_setup.drained(pg, fixture, since)
        result = Result(
            requests=done.runs, rps=done.runs / done.seconds if done.seconds else 0.0,
            p50_ms=percentile(done.run_ms, 50), p99_ms=percentile(done.run_ms, 99),
            errors=done.wrong, tool=f"{WORKERS} workers",
        )  # fmt: skip
        rss = max(rss_mib(w.pid) for w in workers)
        measurement = Measurement(RUN_DRAIN, round_, result, round(wall, 2), usage, {}, rss)
        self.runner.measurements.append(measurement)
        progress(measurement)

    def _wait_finished(self, fixture: Fixture, timeout: float) -> None:
        # Every half second: each look is a psql process, which costs CPU too.
        deadline = time.monotonic() + timeout
        while runs_setup.unfinished(self.infra.pg, fixture):
            if time.monotonic() > deadline:
                raise BenchError(f"runs still unfinished after {timeout:.0f}s")
            time.sleep(0.5)

    # -- 3. queue latency ---------------------------------------------------------------

    def _paced(self, round_: int, mesh: _Mesh, fixture: Fixture) -> None:
        """PACED_RATE starts a second for the warm-up and measured time (50 at least),
        each sent at its time from a small pool (a start can take longer than
        1/PACED_RATE on a loaded machine)."""
        count = max(50, int(PACED_RATE * (self.load.warmup + self.load.duration)))
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=PACED_SENDERS) as pool:
            sent = []
            for n in range(count):
                time.sleep(max(0.0, start + n / PACED_RATE - time.monotonic()))
                sent.append(pool.submit(runs_setup.start_run, mesh.gateway, fixture))
            rate = count / (time.monotonic() - start)
            ids = [future.result() for future in sent]
        self._wait_finished(fixture, 120)
        found = runs_setup.timings(self.infra.pg, ids)
        entry = {
            "round": round_, "runs": count, "rate": round(rate, 1),
            "queue_p50_ms": percentile(found.queue_ms, 50),
            "queue_p99_ms": percentile(found.queue_ms, 99),
            "total_p50_ms": percentile(found.total_ms, 50),
            "total_p99_ms": percentile(found.total_ms, 99), "wrong": found.wrong,
        }  # fmt: skip
        self.findings.queue.append(entry)
        print(f"  round {round_} runs/queue        {count} runs at {rate:.1f}/s: accepted → "
              f"running p50 {entry['queue_p50_ms']:.1f} ms  p99 {entry['queue_p99_ms']:.1f} ms",
              flush=True)  # fmt: skip
        if found.wrong:
            self._problem(f"round {round_}: {found.wrong} paced runs did not complete right")

    # -- 4. streaming -------------------------------------------------------------------

    def _streaming(self, round_: int, mesh: _Mesh, fixture: Fixture) -> None:
        model = self.infra.start_bench_server(
            "model_server", _model_ready,
            ["--chunks", str(CHUNKS), "--interval-ms", str(CHUNK_MS)],
        )  # fmt: skip
        mesh.children.append(model.child)
        workers = self._workers(mesh, stream_worker(model))
        pids = {f"worker-{i}": w.pid for i, w in enumerate(workers, 1)}
        pids |= self._pids(mesh, "agents", "billing") | {"model": model.child.pid}
        for streams in STREAM_LEVELS:
            self._stream_level(round_, streams, mesh, fixture, model, pids)
        stop_all([*workers, model.child])

    def _stream_level(
        self,
        round_: int,
        streams: int,
        mesh: _Mesh,
        fixture: Fixture,
        model: Server,
        pids: dict[str, int],
    ) -> None:
        argv = [
            "--gateway", mesh.gateway.url, "--token", fixture.token, "--agent", fixture.agent_id,
            "--model", f"http://{model.address}", "--streams", str(streams),
            "--chunks", str(CHUNKS),
        ]  # fmt: skip
        log = self.infra.logs / f"streams-{round_}-{streams}.log"
        report, usage = self._stream_clients(argv, log, pids)
        report |= {"round": round_, "cpu_percent": usage}
        self.findings.streaming.append(report)
        print(f"  round {round_} runs/stream-{streams:<5} {report['chunks']} chunks: emitted → "
              f"read p50 {report['p50_ms']:.1f} ms  p99 {report['p99_ms']:.1f} ms",
              flush=True)  # fmt: skip
        problems = report["problems"]
        if problems or report["chunks"] != report["expected_chunks"]:
            self._problem(f"round {round_}, {streams} streams: {report['chunks']} of "
                          f"{report['expected_chunks']} chunks read; {problems[:3]}")  # fmt: skip

    def _stream_clients(
        self, argv: list[str], log: Any, pids: dict[str, int]
    ) -> tuple[dict[str, Any], dict[str, float]]:
        generator = billing.Generator(argv, log, module="bench.streams")
        reported = False
        try:
            said = generator.line(120)
            if said != billing.MEASURING:
                raise BenchError(f"bench.streams said {said!r}")
            watched = {**pids, "clients": generator.pid}
            before, start = cpu.snapshot(watched), time.monotonic()
            report: dict[str, Any] = json.loads(generator.line(180))
            usage = cpu.usage(before, cpu.snapshot(watched), time.monotonic() - start)
            reported = True
        finally:
            generator.close(wait=reported)
        return report, usage

    # -- helpers ------------------------------------------------------------------------

    @property
    def load(self) -> Load:
        return self.runner.load

    def _pids(self, mesh: _Mesh, service: str, *hops: str) -> dict[str, int]:
        """`service` as the measured one, the hops by name, Envoy and PostgreSQL."""
        pids = {"service": mesh.pid(service), "envoy": mesh.gateway.child.pid}
        pids |= {hop: mesh.pid(hop) for hop in hops}
        postgres = self.infra.pg.pid()
        return pids | ({"postgres": postgres} if postgres else {})

    def _problem(self, text: str) -> None:
        self.findings.problems.append(text)
        print(f"  RUNS CHECK FAILED: {text}", flush=True)


def _model_ready(server: Server) -> bool:
    try:
        body = get_json(f"http://{server.address}/bench/held", timeout=2)
    except (OSError, ValueError):
        return False
    return isinstance(body, dict) and "held" in body

"""The scenarios: start what one needs, prove it answers correctly, load it, stop it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench import billing, catalog_search, cpu, echo, monolith
from bench import identity as auth
from bench.cpu import LOADGEN
from bench.infra import (
    BUILTIN_WORKER,
    CATALOG_METHOD,
    MODES,
    Gateway,
    Infra,
    Server,
    Tracing,
    echo_call,
    get_json,
    grpc_ok,
    list_categories,
    plaintext_refused,
    rest_ok,
)
from bench.loadgen import Load, Result, grpc_frame, h2load, post_script, wrk
from bench.procs import BenchError, Child, stop_all
from keel_runtime import tls
from keel_runtime.config import SERVICES

MIB = 1024 * 1024
ECHO = "echo"
# The anchors (`Runner.run_anchors`): catalog's read without Keel, in the catalog group.
FLOOR = "floor"  # bench.floor: ListCategories on bare grpc.aio + asyncpg (h2load)
MONOLITH = "monolith"  # bench.monolith: the REST read on FastAPI + asyncpg (wrk)
DEFAULT_MODE = MODES[1]
WORKER_RSS = "agents worker"  # the idle memory of `python -m services.agents worker`

# The identity scenarios (`Runner.run_identity`), all against one identity, one catalog
# and two Envoys per round.
LOGIN = "login"  # POST /v1/auth/login through Envoy: one argon2id verification each
AUTHZ = "authz"  # CheckPermission straight to identity over gRPC
READ_PUBLIC = "auth/public"  # GET /v1/templates/categories with no credential
READ_JWT = "auth/jwt"  # the same with an access token, verified by Envoy (route public)
READ_JWT_REQUIRED = "auth/jwt-required"  # the same where the route is not public
READ_API_KEY = "auth/api-key"  # the same with an API key, checked by identity (ext_authz)
# Tracing off: these figures isolate what authentication costs, as the tracing modes
# isolate what tracing costs.
AUTH_MODE = MODES[0]

# The billing scenarios (`Runner.run_billing`), against one identity and one billing per
# round, tracing off (AUTH_MODE) like the identity ones.
PAIRS_HOT = "billing/pairs-hot"  # reserve + settle pairs on one organization
PAIRS_SPREAD = "billing/pairs-spread"  # the same over billing.SPREAD_ORGS organizations
PGBENCH = "billing/pgbench"  # the plain PostgreSQL baseline: a single-row UPDATE
RATE_LIMIT = "billing/rate-limit"  # RateLimiter.hit (per minute + per day) against Redis
RATE_LIMIT_ONE = "billing/rate-limit-1"  # the same, one caller: the check's own latency
AI_ACCESS = "billing/ai-access"  # PlanService/CheckAIAccess straight to billing (h2load)

# The mTLS cost (`Runner.run_tls`): the same two loads with mTLS on and off, each mode
# against its own fresh identity, catalog and Envoy, tracing off (AUTH_MODE). Every other
# scenario runs its services in plaintext: h2load has no client-certificate option.
TLS_REST = {True: "tls/rest-mtls", False: "tls/rest-plaintext"}  # wrk through Envoy
# CheckPermission straight to identity from a Python generator presenting TLS_CALLER's
# certificate (the same code in both modes; identity takes only Keel services).
TLS_AUTHZ = {True: "tls/authz-mtls", False: "tls/authz-plaintext"}
TLS_CALLER = "billing"
# The template search (`Runner.run_search`, issue 12): the typo query with a category filter
# and the categories read, through one Envoy to one catalog holding catalog_search.TEMPLATES
# generated templates, as an anonymous caller; tracing off (AUTH_MODE), plaintext as the
# other REST scenarios.
SEARCH = "search/typo"  # GET /v1/templates?query=custmer%20suport&category=customer-service
SEARCH_CATEGORIES = "search/categories"  # GET /v1/templates/categories, same processes
_NO_EXTRA = "FastAPI/uvicorn not installed (the `bench` extra: make bench installs it)"
_GENERATOR = "generator"  # a Python load generator's own process, counted as the load


def scenario_name(kind: str, tracing: Tracing | None = None) -> str:
    """`echo`, `direct/off`, `rest/full`, …"""
    return kind if tracing is None else f"{kind}/{tracing.key}"


@dataclass
class Measurement:
    scenario: str
    round: int
    result: Result
    seconds: float
    cpu_percent: dict[str, float]  # % of one core per process group
    spans: dict[str, int] = field(default_factory=dict)  # received per service
    rss_mib: float = 0.0  # the server's RSS right after the run

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "result": asdict(self.result)}


@dataclass
class BillingFindings:
    """What the billing block found besides figures."""

    ledger_checks: int = 0  # runs after which the ledger was verified
    problems: list[str] = field(default_factory=list)  # what the verifications found wrong
    skipped: list[str] = field(default_factory=list)  # scenarios not available, and why


@dataclass
class SearchFindings:
    """What the search block found besides figures: the corpus and how much the query matches."""

    corpus: catalog_search.Corpus | None = None  # seeded in the first search round
    matches: int = 0  # public templates the measured search matches (its facets' total)


class Runner:
    def __init__(self, infra: Infra, load: Load) -> None:
        self.infra = infra
        self.load = load
        self.measurements: list[Measurement] = []
        self._reply: bytes | None = None  # a serialized ListCategoriesResponse
        self._rest_reply: object = None  # the same through Envoy, as parsed JSON
        self._fixture: auth.Fixture | None = None  # made through the API in the first round
        self._billing: billing.Fixture | None = None  # made in the first billing round
        self._pgbench_script: Path | None = None
        self.search = SearchFindings()
        self.billing = BillingFindings()

    # -- idle memory -----------------------------------------------------------------------

    def idle_rss(self, idle_seconds: float) -> dict[str, float]:
        """RSS (MiB) of each service and of agents's runs worker after start and a while
        idle (no call yet), and of Envoy for reference. At the default tracing mode: the
        OTLP exporter is loaded, as deployed, and mTLS on, as deployed. Also fetches the
        catalog reply the echo baseline sends."""
        servers = [self.infra.start_service(n, DEFAULT_MODE, mtls=True) for n in SERVICES]
        peers = {s.name: s for s in servers if s.name in ("identity", "billing")}
        worker = self.infra.start_worker(
            DEFAULT_MODE, mtls=True, peers=peers, settings=BUILTIN_WORKER
        )  # agents's runs worker, a process of its own (issue 13)
        gateway = None
        try:
            for server in servers:  # started together: Python start-up overlaps
                self.infra.wait_serving(server)
            self.infra.wait_working(worker)
            time.sleep(idle_seconds)
            rss = {s.name: rss_mib(s.child.pid) for s in servers}  # before any call
            rss[WORKER_RSS] = rss_mib(worker.pid)
            catalog = next(s for s in servers if s.name == "catalog")
            self._reply = list_categories(catalog).SerializeToString()
            gateway = self.infra.start_gateway(catalog, DEFAULT_MODE)
            rss["gateway (Envoy)"] = rss_mib(gateway.child.pid)
            self._rest_reply = get_json(gateway.categories_url)
        finally:
            children = [s.child for s in servers] + [worker]
            stop_all(children + ([gateway.child] if gateway else []))
        return rss

    # -- load ------------------------------------------------------------------------------

    def run_echo(self, round_: int) -> None:
        server = self.infra.start_echo()
        try:
            payload = self.reply  # echoed back: the same response size as the catalog's
            if echo_call(server.address, payload) != payload:
                raise BenchError("the echo server did not echo")
            body = self._body("echo", payload)
            url = f"http://{server.address}{echo.PATH}"
            frame = len(grpc_frame(payload))
            self.measure(
                ECHO, round_, {"service": server.child.pid},
                lambda s: h2load(url, body, frame, self.load, s, self._log("echo")),
            )  # fmt: skip
        finally:
            server.child.stop()

    def run_mode(self, tracing: Tracing, round_: int) -> None:
        """Direct gRPC, then REST through Envoy, against one fresh catalog process, in
        plaintext: h2load (direct) cannot present a client certificate, and both share it."""
        catalog = self.infra.start_service("catalog", tracing, mtls=False)
        self.infra.wait_serving(catalog)
        gateway = None
        try:
            reply = list_categories(catalog).SerializeToString()
            gateway = self.infra.start_gateway(catalog, tracing)
            pids = _pids(catalog, gateway.child.pid, self.infra.pg.pid())
            name = scenario_name("direct", tracing)
            self._direct(name, round_, catalog, len(grpc_frame(reply)), pids)
            self.measure(
                scenario_name("rest", tracing), round_, pids,
                lambda s: wrk(gateway.categories_url, self.load, s),
            )  # fmt: skip
            list_categories(catalog)  # still answering correctly after the load
        finally:
            stop_all([catalog.child] + ([gateway.child] if gateway else []))

    def run_anchors(self, round_: int) -> None:
        """The two references catalog is read against: the bare floor, then the monolith,
        each in a fresh process and first checked to answer exactly as catalog does."""
        self._floor(round_)
        if monolith.available():
            self._monolith(round_)
        else:
            print(f"  round {round_} {MONOLITH:<17} skipped: {_NO_EXTRA}", flush=True)

    def _floor(self, round_: int) -> None:
        """h2load like `direct`; the reply must be catalog's, byte for byte."""
        floor = self.infra.start_anchor("floor", grpc_ok)
        try:
            if list_categories(floor).SerializeToString() != self.reply:
                raise BenchError("the floor's ListCategories reply differs from catalog's")
            pids = _pids(floor, None, self.infra.pg.pid())
            self._direct(FLOOR, round_, floor, len(grpc_frame(self.reply)), pids)
        finally:
            floor.child.stop()

    def _monolith(self, round_: int) -> None:
        """wrk like `REST`; the JSON must be what Envoy's transcoder returns for catalog."""
        server = self.infra.start_anchor("monolith", lambda s: rest_ok(s.categories_url))
        try:
            if get_json(server.categories_url) != self._rest_reply:
                raise BenchError("the monolith's JSON differs from the gateway's")
            self.measure(
                MONOLITH, round_, _pids(server, None, self.infra.pg.pid()),
                lambda s: wrk(server.categories_url, self.load, s),
            )  # fmt: skip
        finally:
            server.child.stop()

    def run_identity(self, round_: int) -> None:
        """Logins, CheckPermission, and the categories read with no credential, a JWT, a
        JWT where the route is not public, and an API key; tracing off throughout.

        One fresh identity and catalog; Envoy twice: the default config, and one where
        the categories read is not public. Users, organization, token and API key are
        made once per run, through the first round's gateway. In plaintext: `authz` is
        h2load, which cannot present a client certificate (the mTLS cost is `run_tls`'s)."""
        identity = self.infra.start_service("identity", AUTH_MODE, mtls=False)
        catalog = self.infra.start_service("catalog", AUTH_MODE, mtls=False)
        children: list[Child] = [identity.child, catalog.child]
        try:
            self.infra.wait_serving(identity)
            self.infra.wait_serving(catalog)
            public = self.infra.start_gateway(catalog, AUTH_MODE, identity=identity)
            children.append(public.child)
            fixture = self._fixture = self._fixture or auth.create_fixture(public)
            auth.check_public_gateway(public, fixture)
            jwt = auth.bearer(fixture.access_token)
            private = self.infra.start_gateway(
                catalog, AUTH_MODE, identity=identity, public_methods=auth.NOT_PUBLIC,
                ready=lambda g: auth.read_ok(g, jwt),
            )  # fmt: skip
            children.append(private.child)
            auth.check_private_gateway(private, fixture)
            auth.check_login(public, fixture)
            reply = auth.check_permission(identity, fixture).SerializeToString()
            postgres = self.infra.pg.pid()
            reads = _pids(catalog, public.child.pid, postgres) | {"identity": identity.child.pid}
            steps = [
                self.rest_step(READ_PUBLIC, round_, reads, public, {}),
                self.rest_step(READ_JWT, round_, reads, public, jwt),
                self.rest_step(
                    READ_JWT_REQUIRED, round_, reads | {"envoy": private.child.pid}, private, jwt
                ),
                self.rest_step(READ_API_KEY, round_, reads, public, auth.bearer(fixture.api_key)),
                lambda: self._authz(round_, identity, fixture, len(grpc_frame(reply)), postgres),
                lambda: self._login(round_, identity, public, fixture, postgres),
            ]
            for step in steps if round_ % 2 else reversed(steps):
                step()
            auth.check_permission(identity, fixture)  # still right after the load
        finally:
            stop_all(children)

    def run_tls(self, round_: int) -> None:
        """The REST read through Envoy (wrk) and CheckPermission straight to identity (the
        Python generator, as TLS_CALLER), with mTLS on and off; tracing off.

        Both modes run at once, each its own fresh identity, catalog and Envoy, so that each
        load is measured in one mode right after the other (the order flips every round):
        on a noisy machine a pair drifts least when it is adjacent. Before loading, in each
        mode: the read answers what the gateway answered at idle and CheckPermission
        allows; with mTLS on, both services refuse plaintext and identity refuses the
        gateway's certificate (callers are checked): the mode measured is the mode named."""
        children: list[Child] = []
        try:
            services: dict[bool, tuple[Server, Server]] = {}
            for mtls in (True, False):  # all four started before waiting: start-ups overlap
                identity = self.infra.start_service("identity", AUTH_MODE, mtls=mtls)
                children.append(identity.child)
                catalog = self.infra.start_service("catalog", AUTH_MODE, mtls=mtls)
                children.append(catalog.child)
                services[mtls] = identity, catalog
            for pair in services.values():
                for server in pair:
                    self.infra.wait_serving(server)
            rest: dict[bool, Callable[[], None]] = {}
            checks: dict[bool, Callable[[], None]] = {}
            for mtls, (identity, catalog) in services.items():
                gateway = self.infra.start_gateway(catalog, AUTH_MODE, identity=identity)
                children.append(gateway.child)
                fixture = self._fixture = self._fixture or auth.create_fixture(gateway)
                self._check_tls_mode(mtls, identity, catalog, gateway, fixture)
                postgres = self.infra.pg.pid()
                reads = _pids(catalog, gateway.child.pid, postgres)
                rest[mtls] = self.rest_step(
                    TLS_REST[mtls], round_, reads | {"identity": identity.child.pid}, gateway, {}
                )
                request = fixture.check_request()
                argv = billing.permission_argv(
                    identity.address, identity.tls_dir, request, self.load, TLS_CALLER
                )
                pids = {"service": identity.child.pid} | (
                    {"postgres": postgres} if postgres else {}
                )
                checks[mtls] = self._generator_step(
                    TLS_AUTHZ[mtls], round_, pids, argv, "grpc.aio CheckPermission"
                )
            steps = [rest[True], rest[False], checks[False], checks[True]]
            for step in steps if round_ % 2 else reversed(steps):
                step()
            for identity, _ in services.values():  # still right after the load
                auth.check_permission(identity, fixture, TLS_CALLER)
        finally:
            stop_all(children)

    def run_search(self, round_: int) -> None:
        """The typo search with a category filter and the categories read, side by side
        (the order flips every round), wrk through one Envoy to one fresh catalog, tracing
        off, plaintext. The corpus is seeded once per run, before the first catalog starts;
        before loading, the search's first page is checked (`catalog_search.check_search`)
        and the categories read must answer what the gateway answered at idle."""
        if self.search.corpus is None:
            c = self.search.corpus = catalog_search.seed(self.infra.pg)
            print(f"  seeded {c.templates} templates ({c.public} public, {c.words} distinct "
                  f"words) in {c.seconds:.1f}s", flush=True)  # fmt: skip
        catalog = self.infra.start_service("catalog", AUTH_MODE, mtls=False)
        children: list[Child] = [catalog.child]
        try:
            self.infra.wait_serving(catalog)
            gateway = self.infra.start_gateway(catalog, AUTH_MODE)
            children.append(gateway.child)
            self.search.matches = catalog_search.check_search(gateway)
            if get_json(gateway.categories_url) != self._rest_reply:
                raise BenchError("the categories read differs from the one answered at idle")
            pids = _pids(catalog, gateway.child.pid, self.infra.pg.pid())
            url = catalog_search.search_url(gateway)
            steps = [
                lambda: self.measure(SEARCH, round_, pids, lambda s: wrk(url, self.load, s)),
                self.rest_step(SEARCH_CATEGORIES, round_, pids, gateway, {}),
            ]
            for step in steps if round_ % 2 else reversed(steps):
                step()
            catalog_search.check_search(gateway)  # still right after the load
        finally:
            stop_all(children)

    def _check_tls_mode(
        self,
        mtls: bool,
        identity: Server,
        catalog: Server,
        gateway: Gateway,
        fixture: auth.Fixture,
    ) -> None:
        if get_json(gateway.categories_url) != self._rest_reply:
            raise BenchError("the REST read differs from the one answered at idle")
        auth.check_permission(identity, fixture, TLS_CALLER)
        if mtls:
            for server in (identity, catalog):
                if not plaintext_refused(server):
                    raise BenchError(f"{server.name} answered plaintext with mTLS on")
            auth.check_caller_refused(identity, fixture, tls.GATEWAY)

    def _generator_step(
        self, name: str, round_: int, pids: dict[str, int], argv: list[str], tool: str
    ) -> Callable[[], None]:
        def step() -> None:
            self._measure_generator(name, round_, pids, argv, tool)

        return step

    def run_billing(self, round_: int) -> None:
        """Ledger pairs on the hot organization and over the spread ones (verified after
        each run), the pgbench baseline, the rate-limit check and CheckAIAccess; tracing
        off. One fresh identity (billing asks it to authorize every call) and billing, in
        plaintext: CheckAIAccess is h2load, which cannot present a client certificate."""
        identity = self.infra.start_service("identity", AUTH_MODE, mtls=False)
        server = self.infra.start_service(
            "billing", AUTH_MODE, mtls=False, peers={"identity": identity}
        )
        children: list[Child] = [identity.child, server.child]
        try:
            self.infra.wait_serving(identity)
            self.infra.wait_serving(server)
            fixture = self._billing = self._billing or billing.create_fixture(
                identity.address, server.address, self.infra.pg
            )
            billing.check_pair(server.address, fixture)
            access = billing.check_ai_access(server.address, fixture)
            pids = {"service": server.child.pid, "identity": identity.child.pid}
            postgres = self.infra.pg.pid()
            pids |= {"postgres": postgres} if postgres else {}
            orgs = {PAIRS_HOT: (fixture.hot_org,), PAIRS_SPREAD: fixture.spread_orgs}
            steps = [
                *(
                    self._pairs_step(name, round_, server, fixture, o, pids)
                    for name, o in orgs.items()
                ),
                lambda: self._pgbench(round_),
                lambda: self._rate_limit(RATE_LIMIT, round_),
                lambda: self._rate_limit(RATE_LIMIT_ONE, round_, callers=1),
            ]
            if access is None:
                note = "CheckAIAccess: not available (billing does not serve PlanService yet)"
                if note not in self.billing.skipped:
                    self.billing.skipped.append(note)
                print(f"  round {round_} {AI_ACCESS:<17} skipped: not available", flush=True)
            else:
                frame = len(grpc_frame(access.SerializeToString()))
                steps.append(lambda: self._ai_access(round_, server, fixture, frame, pids))
            for step in steps if round_ % 2 else reversed(steps):
                step()
            billing.check_pair(server.address, fixture)  # still right after the load
        finally:
            stop_all(children)

    def _pairs_step(
        self,
        name: str,
        round_: int,
        server: Server,
        fixture: billing.Fixture,
        orgs: tuple[str, ...],
        pids: dict[str, int],
    ) -> Callable[[], None]:
        def step() -> None:
            before = billing.balances(server.address, fixture, orgs)
            argv = billing.pairs_argv(server.address, fixture, orgs, self.load)
            payload = self._measure_generator(name, round_, pids, argv, "grpc.aio pairs")
            after = billing.balances(server.address, fixture, orgs)
            problems = billing.verify(before, after, payload["settled"])
            if payload["held"]:
                problems.append(f"{len(payload['held'])} reservations not settled")
            self.billing.ledger_checks += 1
            self.billing.problems += [f"{name}, round {round_}: {p}" for p in problems]
            if problems:
                print(f"  round {round_} {name}: LEDGER CHECK FAILED: {problems[:3]}", flush=True)

        return step

    def _pgbench(self, round_: int) -> None:
        if self._pgbench_script is None:
            self._pgbench_script = billing.prepare_pgbench(self.infra.pg, self.infra.home)
        script, clients = self._pgbench_script, self.load.connections * self.load.streams
        postgres = self.infra.pg.pid()
        if postgres is None:
            raise BenchError("PostgreSQL is not running")
        self.measure(
            PGBENCH, round_, {"service": postgres},
            lambda s: billing.pgbench(self.infra.pg, script, clients, s, self.infra.home),
        )  # fmt: skip

    def _rate_limit(self, name: str, round_: int, callers: int | None = None) -> None:
        redis = self.infra.redis.pid
        if redis is None:
            raise BenchError("Redis is not running")
        argv = billing.rate_limit_argv(self.infra.redis.url, self.load, callers)
        self._measure_generator(name, round_, {"service": redis}, argv, "RateLimiter.hit")

    def _ai_access(
        self,
        round_: int,
        server: Server,
        fixture: billing.Fixture,
        frame: int,
        pids: dict[str, int],
    ) -> None:
        body = self._body("check-ai-access", fixture.access_request().SerializeToString())
        url = f"http://{server.address}{billing.CHECK_AI_METHOD}"
        self.measure(
            AI_ACCESS, round_, pids,
            lambda s: h2load(
                url, body, frame, self.load, s, self._log(AI_ACCESS), fixture.metadata
            ),
        )  # fmt: skip

    def _measure_generator(
        self, name: str, round_: int, pids: Mapping[str, int], argv: list[str], tool: str
    ) -> dict[str, Any]:
        """Like `measure`, for a Python generator that warms up and measures in one
        process: its CPU is read while it runs (as the `load` column), over its measured
        window. Returns its whole report (the ledger's needs what it settled)."""
        log = self.infra.logs / f"generator-{name.replace('/', '-')}-{round_}.log"
        generator = billing.Generator(argv, log)
        reported = False
        try:
            said = generator.line(self.load.warmup + 60)
            if said != billing.MEASURING:
                raise BenchError(f"the load generator said {said!r}")
            watched = {**pids, _GENERATOR: generator.pid}
            before, start = cpu.snapshot(watched), time.monotonic()
            payload: dict[str, Any] = json.loads(generator.line(self.load.duration + 60))
            wall = time.monotonic() - start
            usage = cpu.usage(before, cpu.snapshot(watched), wall)
            reported = True
        finally:
            generator.close(wait=reported)
        usage[LOADGEN] = round(usage.get(LOADGEN, 0.0) + usage.pop(_GENERATOR), 1)
        result = billing.result(payload, tool)
        rss = rss_mib(pids["service"])
        measurement = Measurement(name, round_, result, round(wall, 2), usage, {}, rss)
        self.measurements.append(measurement)
        progress(measurement)
        if payload["failures"]:
            print(f"    failures: {payload['failures']}", flush=True)
        return payload

    def rest_step(
        self,
        name: str,
        round_: int,
        pids: dict[str, int],
        gateway: Gateway,
        headers: dict[str, str],
    ) -> Callable[[], None]:
        def step() -> None:
            self.measure(
                name, round_, pids,
                lambda s: wrk(gateway.categories_url, self.load, s, headers=headers),
            )  # fmt: skip

        return step

    def _authz(
        self, round_: int, identity: Server, fixture: auth.Fixture, frame: int, postgres: int | None
    ) -> None:
        body = self._body("check-permission", fixture.check_request().SerializeToString())
        url = f"http://{identity.address}{auth.CHECK_METHOD}"
        pids = {"service": identity.child.pid} | ({"postgres": postgres} if postgres else {})
        self.measure(
            AUTHZ, round_, pids,
            lambda s: h2load(url, body, frame, self.load, s, self._log(AUTHZ)),
        )  # fmt: skip

    def _login(
        self,
        round_: int,
        identity: Server,
        gateway: Gateway,
        fixture: auth.Fixture,
        postgres: int | None,
    ) -> None:
        script = post_script(self.infra.home / "login.lua", auth.LOGIN_PATH, fixture.login_bodies)
        url = gateway.url + auth.LOGIN_PATH
        pids = {"service": identity.child.pid, "envoy": gateway.child.pid}
        pids |= {"postgres": postgres} if postgres else {}
        connections = self.load.login_connections
        self.measure(
            LOGIN, round_, pids,
            lambda s: wrk(url, self.load, s, script=script, connections=connections),
            self.load.login_seconds,
        )  # fmt: skip

    def _direct(
        self, name: str, round_: int, server: Server, frame: int, pids: dict[str, int]
    ) -> None:
        """h2load on ListCategories (catalog, or the floor anchor)."""
        body = self._body("list-categories", b"")  # an empty request: the default page
        url = f"http://{server.address}{CATALOG_METHOD}"
        self.measure(
            name, round_, pids,
            lambda s: h2load(url, body, frame, self.load, s, self._log(name)),
        )  # fmt: skip

    def measure(
        self,
        name: str,
        round_: int,
        pids: Mapping[str, int],
        run: Callable[[int], Result],
        seconds: int | None = None,
    ) -> None:
        run(self.load.warmup)  # thrown away: pools, connections and caches fill up first
        self.infra.receiver.take_counts()
        before, start = cpu.snapshot(pids), time.monotonic()
        result = run(seconds or self.load.duration)
        wall = time.monotonic() - start
        usage = cpu.usage(before, cpu.snapshot(pids), wall)
        spans = self.infra.receiver.take_counts()
        rss = rss_mib(pids["service"])
        measurement = Measurement(name, round_, result, round(wall, 2), usage, spans, rss)
        self.measurements.append(measurement)
        progress(measurement)

    # -- helpers ---------------------------------------------------------------------------

    @property
    def rest_reply(self) -> object:
        """The categories read through Envoy at idle, as parsed JSON."""
        return self._rest_reply

    @property
    def reply(self) -> bytes:
        if self._reply is None:
            raise BenchError("no ListCategories reply yet: measure idle memory first")
        return self._reply

    def _body(self, name: str, message: bytes) -> Path:
        path = self.infra.home / f"{name}.grpc"
        path.write_bytes(grpc_frame(message))
        return path

    def _log(self, name: str) -> Path:
        return self.infra.home / f"h2load-{name.replace('/', '-')}.log"


def _pids(server: Server, envoy: int | None, postgres: int | None) -> dict[str, int]:
    pids = {"service": server.child.pid}
    if envoy is not None:
        pids["envoy"] = envoy
    if postgres is not None:
        pids["postgres"] = postgres
    return pids


def rss_mib(pid: int) -> float:
    return round(psutil.Process(pid).memory_info().rss / MIB, 1)


def rate(rps: float) -> str:
    """req/s as printed: a decimal where there are few (logins)."""
    return f"{rps:.1f}" if rps < 100 else f"{rps:.0f}"


def progress(m: Measurement) -> None:
    r = m.result
    errors = f", {r.errors} errors" if r.errors else ""
    print(
        f"  round {m.round} {m.scenario:<17} {rate(r.rps):>8} req/s  p50 {r.p50_ms:6.2f} ms  "
        f"p99 {r.p99_ms:6.2f} ms{errors}",
        flush=True,
    )

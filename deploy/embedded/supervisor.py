"""supervisord for the embedded stack: its config file and a small XML-RPC client.

supervisord runs every process of the stack (restarts on crash, one log file each,
ordered stop). We talk to it over its unix socket with XML-RPC, which gives structured
state instead of parsing `supervisorctl` output.
"""

from __future__ import annotations

import http.client
import shlex
import socket
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from deploy.embedded.postgres import process_alive, socket_dir_for


class SupervisorError(RuntimeError):
    """supervisord did not start, answer or stop as expected."""


_RPC_ERRORS = (OSError, http.client.HTTPException, xmlrpc.client.Error)


@dataclass(frozen=True)
class Program:
    """One `[program:x]` section. Programs never autostart: `keel up` starts them in order."""

    name: str
    command: list[str]
    directory: Path
    priority: int  # supervisord stops higher priorities first on shutdown
    user: str | None = None
    stopsignal: str = "TERM"
    stopwaitsecs: int = 15
    stopasgroup: bool = True  # children of the program stop with it
    # Added to what it inherits from supervisord (the stack's environment).
    environment: Mapping[str, str] = field(default_factory=dict)

    def section(self, log_file: Path) -> str:
        lines = [
            f"[program:{self.name}]",
            f"command={_escape(shlex.join(self.command))}",
            f"directory={_escape(str(self.directory))}",
            f"priority={self.priority}",
            "autostart=false",
            "autorestart=unexpected",
            "startsecs=1",
            "startretries=3",
            f"stopsignal={self.stopsignal}",
            f"stopwaitsecs={self.stopwaitsecs}",
            f"stopasgroup={str(self.stopasgroup).lower()}",
            "killasgroup=true",
            "redirect_stderr=true",
            f"stdout_logfile={_escape(str(log_file))}",
            "stdout_logfile_maxbytes=50MB",
            "stdout_logfile_backups=2",
        ]
        if self.user is not None:
            lines.append(f"user={self.user}")
        if self.environment:
            lines.append(f"environment={_environment(self.environment)}")
        return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("%", "%%")  # supervisord expands %(name)s in values


def _environment(variables: Mapping[str, str]) -> str:
    """`KEY="value",...`: supervisord splits on commas outside quotes and has no escapes,
    so a value holding a double quote cannot be written."""
    for name, value in variables.items():
        if '"' in value or not name.isidentifier():
            raise SupervisorError(f"cannot pass {name}={value!r} in supervisord's environment=")
    return ",".join(f'{name}="{_escape(value)}"' for name, value in variables.items())


class Supervisord:
    """The supervisord of one state folder: config, daemon start and XML-RPC control."""

    def __init__(self, home: Path, logs_dir: Path, run_dir: Path) -> None:
        self.home = home
        self.conf = home / "supervisord.conf"
        self.logs_dir = logs_dir
        self.run_dir = run_dir
        self.socket = socket_dir_for(run_dir) / "supervisor.sock"
        self.pidfile = run_dir / "supervisord.pid"
        self.log_file = logs_dir / "supervisord.log"

    def write_conf(self, programs: list[Program]) -> None:
        parts = [
            "; Written by `keel up`; rewritten on every start of the stack.\n",
            f"[unix_http_server]\nfile={_escape(str(self.socket))}\nchmod=0700\n",
            "[supervisord]\n"
            f"logfile={_escape(str(self.log_file))}\n"
            f"pidfile={_escape(str(self.pidfile))}\n"
            f"childlogdir={_escape(str(self.logs_dir))}\n"
            f"directory={_escape(str(self.home))}\n"
            "logfile_maxbytes=10MB\nlogfile_backups=2\nloglevel=info\n",
            "[rpcinterface:supervisor]\n"
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
            f"[supervisorctl]\nserverurl=unix://{_escape(str(self.socket))}\n",
        ]
        parts += [p.section(self.logs_dir / f"{p.name}.log") for p in programs]
        self.conf.write_text("\n".join(parts))

    def start(self, env: dict[str, str]) -> None:
        """Start the daemon with `env` (inherited by every program); returns once it answers."""
        for path in (self.logs_dir, self.run_dir, self.socket.parent):
            path.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [_supervisord_bin(), "-c", str(self.conf)],
            env=env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if result.returncode != 0:
            raise SupervisorError(f"supervisord failed to start:\n{result.stdout}{result.stderr}")
        deadline = time.monotonic() + 15
        while not self.is_running():
            if time.monotonic() > deadline:
                raise SupervisorError(f"supervisord does not answer on {self.socket}")
            time.sleep(0.05)

    def is_running(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            return bool(self.call("getState")["statename"] == "RUNNING")
        except _RPC_ERRORS:
            return False

    def call(self, method: str, *args: Any) -> Any:
        """One XML-RPC call `supervisor.<method>(*args)` over the unix socket."""
        transport = _UnixTransport(self.socket)
        with xmlrpc.client.ServerProxy("http://localhost", transport=transport) as proxy:
            return getattr(proxy.supervisor, method)(*args)

    def pid(self) -> int | None:
        """supervisord's pid, if the one in its pid file is alive and runs our config."""
        try:
            pid = int(self.pidfile.read_text().strip())
            if process_alive(pid) and str(self.conf) in psutil.Process(pid).cmdline():
                return pid
        except (OSError, ValueError, psutil.Error):
            pass
        return None

    def processes(self) -> dict[str, dict[str, Any]]:
        """`getProcessInfo` of each program by name (state `statename`, `pid`, …)."""
        return {p["name"]: p for p in self.call("getAllProcessInfo")}

    def start_program(self, name: str) -> None:
        try:
            self.call("startProcess", name, False)
        except xmlrpc.client.Fault as fault:
            if "ALREADY_STARTED" not in fault.faultString:
                raise

    def stop_programs(self, names: list[str], timeout: float) -> None:
        """Signal all of `names` at once, then wait until none is running."""
        for name in names:
            try:
                self.call("stopProcess", name, False)
            except xmlrpc.client.Fault as fault:
                if "NOT_RUNNING" not in fault.faultString:
                    raise
        deadline = time.monotonic() + timeout
        stopping = {"RUNNING", "STARTING", "STOPPING", "BACKOFF"}
        while any(self.processes()[n]["statename"] in stopping for n in names):
            if time.monotonic() > deadline:
                raise TimeoutError(f"programs still running after {timeout:.0f}s: {names}")
            time.sleep(0.1)

    def shutdown(self, timeout: float = 30.0) -> None:
        """Ask supervisord to stop (it stops any program still running) and wait for it."""
        pid = self.pid()
        try:
            self.call("shutdown")
        except _RPC_ERRORS:
            pass  # already going away
        deadline = time.monotonic() + timeout
        while pid is not None and process_alive(pid):
            if time.monotonic() > deadline:
                raise SupervisorError(f"supervisord (pid {pid}) still running after {timeout:.0f}s")
            time.sleep(0.1)


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(str(self._path))
        except OSError:
            sock.close()
            raise
        self.sock = sock


class _UnixTransport(xmlrpc.client.Transport):
    """XML-RPC over supervisord's unix socket, with a timeout (supervisor's own has none)."""

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        super().__init__()
        self._path = path
        self._timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = _UnixConnection(self._path, self._timeout)
        self._connection = host, connection  # so that close() closes it
        return connection


def _supervisord_bin() -> str:
    candidate = Path(sys.executable).parent / "supervisord"
    return str(candidate) if candidate.exists() else "supervisord"


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False

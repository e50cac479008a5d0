"""Whether the stack's ports are free before `keel up` starts anything, and who holds one.

A bind attempt decides, made the way the servers bind (SO_REUSEADDR, as gRPC, Envoy,
PostgreSQL and Redis do): on Linux the TIME_WAITs a previous server left on its own port
do not stop a new one, but a client connection's local port does, even in TIME_WAIT
(both sockets need SO_REUSEADDR, and clients do not set it). So `keel up` refuses only
what would really fail; psutil then names the socket and, where visible, its process.
"""

from __future__ import annotations

import errno
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

# The first ephemeral port when the kernel does not say (Linux's default).
_EPHEMERAL_START = 32768
# How programs of the stack say they could not listen (services, the OTLP receiver, gRPC,
# Envoy, Redis, PostgreSQL).
_LISTEN_FAILURE = re.compile(
    r"cannot listen|cannot bind|could not bind|failed listening|address already in use", re.I
)


@dataclass(frozen=True)
class StackPort:
    program: str  # e.g. "catalog", "gateway admin"
    variable: str  # the setting that moves it, e.g. KEEL_CATALOG_PORT
    host: str
    port: int

    @property
    def label(self) -> str:
        return f"port {self.port} ({self.program}, {self.variable})"


def bind_error(host: str, port: int) -> OSError | None:
    """Why a server could not listen on host:port right now; None when it could."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):  # sets SO_REUSEADDR
            return None
    except OSError as exc:
        return exc


def problems(ports: list[StackPort]) -> list[str]:
    """One line per port of `ports` that a server of the stack could not listen on."""
    found = _duplicates(ports)
    for item in ports:
        exc = bind_error(item.host, item.port)
        if exc is None:
            continue
        if exc.errno != errno.EADDRINUSE:
            found.append(f"{item.label} cannot be bound on {item.host}: {_reason(exc)}")
        else:
            holder = describe_holder(item.port) or "by a socket not visible here"
            found.append(f"{item.label} is in use: {holder}")
    return found


def _duplicates(ports: list[StackPort]) -> list[str]:
    seen: dict[int, StackPort] = {}
    found = []
    for item in ports:
        if item.port in seen:
            first = seen[item.port]
            found.append(
                f"port {item.port} is set for both {first.program} ({first.variable}) "
                f"and {item.program} ({item.variable})"
            )
        seen.setdefault(item.port, item)
    return found


def _reason(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else str(exc)


def describe_holder(port: int) -> str | None:
    """The socket most likely holding local `port`, e.g.
    `127.0.0.1:20054 → 127.0.0.1:16379 TIME_WAIT (no process)`; None if none is seen."""
    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:  # some systems show no sockets of other users
        return None
    sockets = [c for c in connections if c.laddr and c.laddr.port == port]
    if not sockets:
        return None
    sockets.sort(key=_rank)
    text = _describe(sockets[0])
    if len(sockets) > 1:
        text += f" (and {len(sockets) - 1} more on that port)"
    return text


def _rank(conn: Any) -> tuple[bool, bool, bool]:
    """Listeners first, then sockets of a known process, then client connections: a
    server's own leftovers have an ephemeral peer port and do not block a new server."""
    client = bool(conn.raddr) and conn.raddr.port < _ephemeral_start()
    return (conn.status != psutil.CONN_LISTEN, conn.pid is None, not client)


def _describe(conn: Any) -> str:
    where = _address(conn.laddr)
    if conn.raddr:
        where += f" → {_address(conn.raddr)}"
    return f"{where} {conn.status} {_owner(conn)}"


def _owner(conn: Any) -> str:
    if conn.pid is None:
        # TIME_WAIT belongs to no process; anything else is another user's, unseen.
        return "(no process)" if conn.status == psutil.CONN_TIME_WAIT else "(process not visible)"
    try:
        return f"held by pid {conn.pid} ({psutil.Process(conn.pid).name()})"
    except psutil.Error:
        return f"held by pid {conn.pid}"


def _address(addr: Any) -> str:
    ip = addr.ip.removeprefix("::ffff:")  # gRPC listens on v4-mapped IPv6 sockets
    return f"[{ip}]:{addr.port}" if ":" in ip else f"{ip}:{addr.port}"


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return _EPHEMERAL_START


def listen_failure(log: str) -> str | None:
    """The line of `log` saying its program could not listen, if any: the last one, and
    one naming the address in use if there is (Redis ends with a vaguer "aborting")."""
    lines = [line.strip() for line in log.splitlines() if _LISTEN_FAILURE.search(line)]
    in_use = [line for line in lines if "in use" in line.lower()]
    found = in_use or lines
    return found[-1] if found else None

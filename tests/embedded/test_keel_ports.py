"""`keel up` and the ports of the stack: a port taken by another process stops it before
anything starts, with one line naming the port and its holder; what a server could still
bind (its own TIME_WAITs of the last run) does not; and up → load → down never fails.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager

import psutil

from deploy.embedded.ports import StackPort, problems
from deploy.embedded.redis import ping
from deploy.embedded.stack import Stack
from tests.embedded.keel_stack import KeelStack, stack_ports

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@contextmanager
def _client_on(port: int) -> Iterator[tuple[socket.socket, socket.socket, int]]:
    """A client connection whose local address is 127.0.0.1:`port` (as an outgoing
    connection given that port by the system would be): (client, server side, peer port)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.socket()
        client.bind(("127.0.0.1", port))
        client.connect(listener.getsockname())
        accepted, _ = listener.accept()
        with closing(client), closing(accepted):
            yield client, accepted, listener.getsockname()[1]


def _close_client_first(client: socket.socket, accepted: socket.socket) -> None:
    """The client's side goes to TIME_WAIT (a minute on Linux), holding its local port."""
    client.close()
    time.sleep(0.05)
    accepted.close()
    time.sleep(0.1)


def _refused(stack: KeelStack) -> list[str]:
    """`keel up`'s error lines; asserts it failed and left nothing running."""
    up = stack.keel("up")
    assert up.returncode == 1, f"keel up did not fail:\n{up.stdout}\n{up.stderr}"
    assert Stack(stack.settings).live_processes() == []
    assert stack.keel("status").returncode == 3  # down
    return up.stderr.splitlines()


def test_up_names_a_client_connection_on_a_service_port(keel_stack: KeelStack) -> None:
    port = keel_stack.settings.service_ports["catalog"]
    me = f"pid {os.getpid()} ({psutil.Process().name()})"
    label = f"keel up: port {port} (catalog, KEEL_CATALOG_PORT) is in use"
    with _client_on(port) as (client, accepted, peer):
        where = f"127.0.0.1:{port} → 127.0.0.1:{peer}"
        assert _refused(keel_stack) == [f"{label}: {where} ESTABLISHED held by {me}"]
        _close_client_first(client, accepted)
        assert _refused(keel_stack) == [f"{label}: {where} TIME_WAIT (no process)"]


def test_up_names_listeners_on_ports_of_the_stack(keel_stack: KeelStack) -> None:
    s = keel_stack.settings
    me = f"pid {os.getpid()} ({psutil.Process().name()})"
    with (
        socket.create_server(("127.0.0.1", s.gateway_port)),
        socket.create_server(("127.0.0.1", s.redis_port)),
    ):
        assert _refused(keel_stack) == [
            f"keel up: port {s.redis_port} (redis, KEEL_REDIS_PORT) is in use: "
            f"127.0.0.1:{s.redis_port} LISTEN held by {me}",
            f"keel up: port {s.gateway_port} (gateway, KEEL_GATEWAY_PORT) is in use: "
            f"127.0.0.1:{s.gateway_port} LISTEN held by {me}",
        ]


def test_a_servers_own_time_wait_does_not_count() -> None:
    # A server's connections closed by the server (as at `keel down`) leave TIME_WAITs on
    # its port; a new server binds over them (SO_REUSEADDR), so they are no conflict.
    port = stack_ports(1)[0]
    item = StackPort("catalog", "KEEL_CATALOG_PORT", "127.0.0.1", port)
    with socket.create_server(("127.0.0.1", port)) as listener:
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()
        time.sleep(0.05)
        client.close()
    time.sleep(0.1)
    assert any(
        c.status == psutil.CONN_TIME_WAIT and c.laddr.port == port
        for c in psutil.net_connections(kind="tcp")
    )
    assert problems([item]) == []


def test_up_quotes_a_service_that_could_not_listen(keel_stack: KeelStack) -> None:
    # The port is taken after `keel up` checked it (once supervisord runs) and before
    # catalog starts (after the infrastructure and the migrations).
    port = keel_stack.settings.service_ports["catalog"]
    up = keel_stack.start("up", "--services", "catalog")
    pid_file = keel_stack.settings.run_dir / "supervisord.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() and up.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    with socket.create_server(("127.0.0.1", port)):
        _, stderr = up.communicate(timeout=300)
    assert up.returncode == 1, stderr
    lines = stderr.splitlines()
    assert lines[0] == f"keel: catalog: cannot listen on 127.0.0.1:{port} (address in use?)"
    assert lines[1].startswith(
        f"port {port} (catalog, KEEL_CATALOG_PORT) is in use: "
        f"127.0.0.1:{port} LISTEN held by pid {os.getpid()} "
    ), stderr


def _get(url: str) -> int:
    with _NO_PROXY.open(url, timeout=10) as response:
        response.read()
        return int(response.status)


def _sign_up(gateway: str) -> int:
    body = {
        "email": f"{uuid.uuid4().hex}@example.com",
        "password": "a long passphrase",
        "display_name": "Loop",
    }
    request = urllib.request.Request(
        f"{gateway}/v1/auth/signup",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    with _NO_PROXY.open(request, timeout=20) as response:
        response.read()
        return int(response.status)


def _load(stack: KeelStack) -> None:
    """A few hundred REST calls through the gateway, sign-ups (events to Redis) and
    connections straight to Redis, each a new connection."""
    s = stack.settings
    url = f"{s.gateway_url}/v1/templates/categories"
    with ThreadPoolExecutor(8) as pool:
        reads = list(pool.map(_get, [url] * 300))
        signups = list(pool.map(_sign_up, [s.gateway_url] * 5))
        pongs = list(pool.map(ping, [s.redis_port] * 50))
    assert reads == [200] * 300 and signups == [200] * 5 and all(pongs)


def _time_waits(port: int) -> int:
    return sum(
        c.status == psutil.CONN_TIME_WAIT and c.laddr.port == port
        for c in psutil.net_connections(kind="tcp")
    )


def test_up_load_down_three_times(keel_stack: KeelStack) -> None:
    gateway_port = keel_stack.settings.gateway_port
    for round in range(3):
        up = keel_stack.keel("up")
        assert up.returncode == 0, f"round {round}: keel up failed:\n{up.stdout}\n{up.stderr}"
        _load(keel_stack)
        down = keel_stack.keel("down")
        assert down.returncode == 0 and "killed" not in down.stdout, down.stdout + down.stderr
        # The next `up` starts among the last run's TIME_WAITs (Envoy closed those
        # connections), as a restart after load does: they must not stop it.
        assert _time_waits(gateway_port) > 0

"""The retry helper against a real HTTP server on a socket (the gateway's rate limits wait
minutes to hours: tests/client/test_errors.py meets one): answers scripted per path, every
request recorded with the time it arrived."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from keel_client import Keel, KeelError, RetryPolicy
from keel_client.generated.api.auth_service import auth_service_get_jwks, auth_service_login
from keel_client.generated.models import KeelIdentityV1LoginRequest

JWKS = "/.well-known/jwks.json"
LOGIN = "/v1/auth/login"
SIGNED_IN = {"user": {"id": "4b7c0e1a-0000-4000-8000-000000000001", "email": "a@example.com"},
             "tokens": {"access_token": "jwt", "refresh_token": "r"}}  # fmt: skip


def status(code: int, name: str, message: str) -> dict:
    return {"code": code, "message": message, "details": [
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": name,
         "domain": "test.keel.dev", "metadata": {"k": "v"}}]}  # fmt: skip


@dataclass
class Script:
    """What the server answers on each path, in order (the last one again once spent)."""

    answers: dict[str, list[tuple[int, dict[str, str], dict]]] = field(default_factory=dict)
    seen: list[tuple[str, str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self, method: str, path: str) -> tuple[int, dict[str, str], dict]:
        with self.lock:
            self.seen.append((method, path, time.monotonic()))
            queue = self.answers[path]
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def times(self, path: str) -> list[float]:
        return [at for _, seen_path, at in self.seen if seen_path == path]


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            code, headers, body = script.next(self.command, self.path)
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", script
    finally:
        httpd.shutdown()
        httpd.server_close()


LIMITED = (429, {"retry-after": "1", "grpc-status": "8"}, status(8, "RATE_LIMITED", "slow down"))
DOWN = (503, {"grpc-status": "14"}, status(14, "UNAVAILABLE", "no healthy upstream"))
LOGIN_BODY = KeelIdentityV1LoginRequest(email="a@example.com", password="a long passphrase")


def test_a_429_is_sent_again_after_its_retry_after_even_a_post(server):
    url, script = server
    script.answers[LOGIN] = [LIMITED, LIMITED, (200, {}, SIGNED_IN)]
    with Keel(url, retry=RetryPolicy(attempts=3)) as keel:
        signed = keel.call(auth_service_login, body=LOGIN_BODY)
    assert signed.to_dict()["tokens"]["access_token"] == "jwt"
    times = script.times(LOGIN)
    assert len(times) == 3
    # Each retry waited the second Retry-After asked for (no upper bound: a slow machine).
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times))


def test_a_retry_after_beyond_the_longest_wait_is_the_answer(server):
    url, script = server
    long = (429, {"retry-after": "120"}, status(8, "SIGNUP_THROTTLED", "try again in 120 s"))
    script.answers[LOGIN] = [long, (200, {}, SIGNED_IN)]
    with Keel(url, retry=RetryPolicy(attempts=5, max_wait=30)) as keel:
        with pytest.raises(KeelError) as raised:
            keel.call(auth_service_login, body=LOGIN_BODY)
    assert len(script.times(LOGIN)) == 1
    assert raised.value.status_code == 429 and raised.value.code_name == "RESOURCE_EXHAUSTED"
    assert raised.value.reason == "SIGNUP_THROTTLED" and raised.value.retry_after == 120


def test_a_503_is_retried_for_a_get_with_backoff_and_bounded(server):
    url, script = server
    script.answers[JWKS] = [DOWN]
    with Keel(url, retry=RetryPolicy(attempts=3, backoff=0.01)) as keel:
        with pytest.raises(KeelError) as raised:
            keel.call(auth_service_get_jwks)
    assert len(script.times(JWKS)) == 3  # the first send and two retries, then the answer
    assert raised.value.status_code == 503 and raised.value.code_name == "UNAVAILABLE"


def test_a_503_recovers_on_a_retried_get(server):
    url, script = server
    script.answers[JWKS] = [DOWN, (200, {}, {"keys": []})]
    with Keel(url, retry=RetryPolicy(attempts=3, backoff=0.01)) as keel:
        assert keel.call(auth_service_get_jwks).to_dict() == {"keys": []}
    assert len(script.times(JWKS)) == 2


def test_a_503_to_a_post_is_not_sent_again(server):
    """A POST that met UNAVAILABLE may have been carried out: repeating it is the caller's
    choice (with an idempotency key), not the client's."""
    url, script = server
    script.answers[LOGIN] = [DOWN, (200, {}, SIGNED_IN)]
    with Keel(url, retry=RetryPolicy(attempts=4, backoff=0.01)) as keel:
        with pytest.raises(KeelError) as raised:
            keel.call(auth_service_login, body=LOGIN_BODY)
    assert len(script.times(LOGIN)) == 1
    assert raised.value.code_name == "UNAVAILABLE" and raised.value.metadata == {"k": "v"}


async def test_the_async_calls_retry_alike(server):
    url, script = server
    script.answers[JWKS] = [DOWN, LIMITED, (200, {}, {"keys": []})]
    async with Keel(url, retry=RetryPolicy(attempts=3, backoff=0.01)) as keel:
        assert (await keel.acall(auth_service_get_jwks)).to_dict() == {"keys": []}
    assert len(script.times(JWKS)) == 3


def test_a_refused_connection_is_retried_for_a_get_only():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    calls: list[str] = []

    class Counting(RetryPolicy):
        def delay(self, method, retry, response):
            calls.append(method)
            return super().delay(method, retry, response)

    with Keel(url, retry=Counting(attempts=3, backoff=0.01)) as keel:
        with pytest.raises(httpx.ConnectError):
            keel.call(auth_service_get_jwks)
        assert calls == ["GET", "GET", "GET"]
        calls.clear()
        with pytest.raises(httpx.ConnectError):
            keel.call(auth_service_login, body=LOGIN_BODY)
        assert calls == ["POST"]

"""What the identity scenarios need: users, an organization, an access token and an API key,
made once per run through the public REST API as a client makes them, and the one-call
checks that prove each path works (and refuses what it must) before it is loaded.

The scenarios themselves are in `bench.scenarios` (`Runner.run_identity`).
"""

from __future__ import annotations

import base64
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import grpc
from argon2 import PasswordHasher

from bench.infra import CATEGORIES_PATH, EXPECTED_CATEGORIES, Gateway, Server, channel
from bench.procs import BenchError, wait_until
from gateway.access import PUBLIC_METHODS
from keel.identity.v1 import authorization_pb2, authorization_pb2_grpc
from services.identity.config import IdentityConfig

LOGIN_PATH = "/v1/auth/login"
CHECK_METHOD = "/keel.identity.v1.AuthorizationService/CheckPermission"
LIST_CATEGORIES = "keel.catalog.v1.CatalogService/ListCategories"
# The same gateway with the categories read needing a credential like any other method.
NOT_PUBLIC = PUBLIC_METHODS - {LIST_CATEGORIES}
PERMISSION = "agents.run"  # a member's permission, checked for the organization's owner
API_KEY_SCOPES = ("read:templates",)
USERS = 4  # the logins go round these accounts (only failed logins are throttled)
HTTP_TIMEOUT = 30.0  # a signup or login waits for argon2id behind others


@dataclass(frozen=True)
class Argon2id:
    """The password hash cost identity runs with when nothing is configured: its default
    memory, argon2-cffi's default time and parallelism (RFC 9106's second profile)."""

    memory_kib: int
    time_cost: int
    parallelism: int

    @classmethod
    def production(cls) -> Argon2id:
        hasher = PasswordHasher()
        return cls(IdentityConfig.password_hash_memory_kib, hasher.time_cost, hasher.parallelism)

    @property
    def label(self) -> str:
        return f"argon2id {self.memory_kib // 1024} MiB t={self.time_cost} p={self.parallelism}"


@dataclass(frozen=True)
class Fixture:
    """One organization, its owner's access token for it, a service API key of it, and
    the accounts the login scenario signs in to (the owner among them)."""

    credentials: tuple[tuple[str, str], ...]  # (email, password) of each user
    user_id: str
    session_id: str
    org_id: str
    access_token: str  # the owner's, with the organization active
    api_key: str  # osk_…, service key with API_KEY_SCOPES

    @property
    def login_bodies(self) -> list[str]:
        return [json.dumps({"email": e, "password": p}) for e, p in self.credentials]

    def check_request(self) -> authorization_pb2.CheckPermissionRequest:
        return authorization_pb2.CheckPermissionRequest(
            principal=authorization_pb2.Principal(user_id=self.user_id, session_id=self.session_id),
            check=authorization_pb2.PermissionCheck(org_id=self.org_id, permission=PERMISSION),
        )


# -- making it, through the API ---------------------------------------------------------


def create_fixture(gateway: Gateway) -> Fixture:
    """Sign up USERS users; the first creates an organization, switches to it and creates
    a service API key there. Raises BenchError naming the call that failed."""
    tag = secrets.token_hex(4)
    password = f"bench-{secrets.token_urlsafe(12)}"
    credentials = tuple((f"bench-{tag}-{i}@example.com", password) for i in range(USERS))
    owner: dict[str, Any] = {}
    for i, (email, secret) in enumerate(credentials):
        body = call(
            gateway, "POST", "/v1/auth/signup",
            {"email": email, "password": secret, "display_name": f"Bench {i}"},
        )  # fmt: skip
        owner = owner or body
    user_id = str(owner["user"]["id"])
    token = str(owner["tokens"]["access_token"])
    created = call(gateway, "POST", "/v1/organizations", {"name": f"Bench {tag}"}, token)
    org_id = str(created["organization"]["organization"]["id"])
    switched = call(gateway, "POST", "/v1/auth/context/switch", {"org_id": org_id}, token)
    token = str(switched["tokens"]["access_token"])
    key = call(
        gateway, "POST", f"/v1/organizations/{org_id}/api-keys",
        {"name": "bench", "kind": "API_KEY_KIND_SERVICE", "scopes": list(API_KEY_SCOPES)},
        token,
    )  # fmt: skip
    api_key = str(key.get("secret", ""))
    if not api_key.startswith("osk_"):
        raise BenchError(f"CreateApiKey returned no osk_ secret: {key}")
    claims = jwt_claims(token)
    if claims.get("sub") != user_id or not claims.get("sid"):
        raise BenchError(f"the access token's claims do not name the user's session: {claims}")
    return Fixture(credentials, user_id, str(claims["sid"]), org_id, token, api_key)


def jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (the gateway verifies; we only read sub and sid)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError) as exc:
        raise BenchError(f"not a JWT: {token[:20]}…") from exc
    if not isinstance(claims, dict):
        raise BenchError("a JWT whose payload is not an object")
    return claims


def tampered(token: str) -> str:
    """`token` with one character in the middle of its signature changed: still well
    formed, no longer valid."""
    head, _, signature = token.rpartition(".")
    i = len(signature) // 2
    swapped = "A" if signature[i] != "A" else "B"
    return f"{head}.{signature[:i]}{swapped}{signature[i + 1 :]}"


# -- one call each, before loading ------------------------------------------------------


def bearer(credential: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential}"}


def read_ok(gateway: Gateway, headers: dict[str, str] | None = None) -> bool:
    """GET /v1/templates/categories with `headers` answers the 5 categories."""
    status, body = request(gateway, "GET", CATEGORIES_PATH, headers=headers)
    return status == 200 and len(body.get("categories", [])) == EXPECTED_CATEGORIES


def check_public_gateway(gateway: Gateway, fixture: Fixture, timeout: float = 30.0) -> None:
    """On the default config: the access token and the API key are accepted (once Envoy
    has the JWKS and identity's cluster is healthy), and a bad one of each is refused,
    though the route is public: proof that both are verified, not ignored."""
    jwt, key = bearer(fixture.access_token), bearer(fixture.api_key)
    wait_until(lambda: read_ok(gateway, jwt), "the gateway to accept the access token", timeout)
    bad_token = bearer(tampered(fixture.access_token))
    _expect_refused(gateway, bad_token, "a tampered access token on a public route", (401,))
    wait_until(lambda: read_ok(gateway, key), "the gateway to accept the API key", timeout)
    wrong_key = bearer("osk_" + secrets.token_hex(20))
    _expect_refused(gateway, wrong_key, "an unknown API key", (401, 403))


def check_private_gateway(gateway: Gateway, fixture: Fixture) -> None:
    """On the config where the read is not public: it needs the token."""
    if not read_ok(gateway, bearer(fixture.access_token)):
        raise BenchError("the read with an access token failed where the route is not public")
    _expect_refused(gateway, None, "no credential on a route that is not public", (401,))


def check_permission(
    identity: Server, fixture: Fixture, workload: str = "billing"
) -> authorization_pb2.CheckPermissionResponse:
    """One real CheckPermission call, as `workload` (a Keel service: with mTLS on identity
    takes no other caller); raises BenchError unless it says ALLOWED."""
    with channel(identity, workload) as chan:
        try:
            reply = authorization_pb2_grpc.AuthorizationServiceStub(chan).CheckPermission(
                fixture.check_request(), timeout=5
            )
        except grpc.RpcError as exc:
            raise BenchError(f"CheckPermission on {identity.address} failed: {exc}") from exc
    if reply.verdict != authorization_pb2.VERDICT_ALLOWED:
        verdict = authorization_pb2.Verdict.Name(reply.verdict)
        raise BenchError(f"CheckPermission({PERMISSION}) said {verdict} ({reply.reason!r})")
    return reply


def check_caller_refused(identity: Server, fixture: Fixture, workload: str) -> None:
    """CheckPermission as `workload` (not a Keel service) is refused: with mTLS on, identity
    checks who calls, from the certificate."""
    with channel(identity, workload) as chan:
        try:
            authorization_pb2_grpc.AuthorizationServiceStub(chan).CheckPermission(
                fixture.check_request(), timeout=5
            )
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.PERMISSION_DENIED:
                return
            raise BenchError(f"CheckPermission as {workload}: {exc}") from exc
    raise BenchError(f"CheckPermission as {workload} was answered: callers are not checked")


def check_login(gateway: Gateway, fixture: Fixture) -> None:
    """Every account the load signs in to can sign in."""
    for email, password in fixture.credentials:
        body = call(gateway, "POST", LOGIN_PATH, {"email": email, "password": password})
        if not body.get("tokens", {}).get("access_token"):
            raise BenchError(f"login of {email} returned no access token: {body}")


# -- HTTP -----------------------------------------------------------------------------


def request(
    gateway: Gateway,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """One call through the gateway: (HTTP status, JSON body or {}); status 0 when the
    gateway could not be reached."""
    sent = dict(headers or {})
    if token is not None:
        sent |= bearer(token)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    call = urllib.request.Request(gateway.url + path, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(call, timeout=HTTP_TIMEOUT) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, _json(exc.read())
    except OSError:
        return 0, {}


def call(
    gateway: Gateway, method: str, path: str, body: Any = None, token: str | None = None
) -> dict[str, Any]:
    status, reply = request(gateway, method, path, body, token)
    if status != 200:
        raise BenchError(f"{method} {path} through the gateway answered {status}: {reply}")
    return reply


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"body": raw[:500].decode(errors="replace")}
    return value if isinstance(value, dict) else {"body": value}


def _expect_refused(
    gateway: Gateway, headers: dict[str, str] | None, what: str, statuses: tuple[int, ...]
) -> None:
    status, body = request(gateway, "GET", CATEGORIES_PATH, headers=headers)
    if status not in statuses:
        expected = " or ".join(map(str, statuses))
        raise BenchError(f"{what}: HTTP {status}, expected {expected}; {str(body)[:300]}")

"""Who is calling: the caller's identity for the current request.

Two things say who calls. The connection's certificate names the calling workload (the
gateway, or a Keel service: `keel_runtime.tls`); the request metadata (`x-keel-*`) names
the end user or API key it calls for, as the gateway authenticated them. The RPC layer
accepts that metadata only from the gateway and Keel services and reads both into a
`RequestContext` held in a context variable for the duration of the call.

A service doing its own background work calls as itself, for one organization
(`acting_for`): no user is named, and the callee authorizes the (service, organization)
pair by its written rule (`keel_runtime.grants`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

USER_ID = "x-keel-user-id"
ORG_ID = "x-keel-org-id"
API_KEY_ID = "x-keel-api-key-id"
SCOPES = "x-keel-scopes"
SESSION_ID = "x-keel-session-id"
REQUEST_ID = "x-request-id"
# Set by Envoy for requests from outside (the client's address, not spoofable by it).
CLIENT_ADDRESS = "x-envoy-external-address"
# Metadata keys carrying the caller's identity; nothing else is propagated as identity.
IDENTITY_KEYS = (USER_ID, ORG_ID, API_KEY_ID, SCOPES, SESSION_ID)


@dataclass(frozen=True)
class RequestContext:
    """The caller of the current RPC. Empty fields mean "not known" (anonymous)."""

    user_id: str = ""
    org_id: str = ""
    api_key_id: str = ""
    scopes: frozenset[str] = field(default_factory=frozenset)
    # The login session a user's token belongs to (logout ends it at once).
    session_id: str = ""
    request_id: str = ""
    client_address: str = ""
    method: str = ""
    # When the caller stops waiting (time.monotonic()); calls made on its behalf end then too.
    deadline: float | None = None
    # The workload that made this call, from its certificate: "gateway" or a service name
    # ("" with mTLS off, or outside an RPC).
    caller: str = ""

    @property
    def authenticated(self) -> bool:
        return bool(self.user_id or self.api_key_id)

    @property
    def service_principal(self) -> str:
        """The Keel service calling as itself (for `org_id`), or "" when a user or key is
        named or the call came through the gateway."""
        if self.authenticated or self.caller in ("", "gateway"):
            return ""
        return self.caller

    @classmethod
    def from_metadata(
        cls,
        metadata: Mapping[str, str],
        method: str = "",
        deadline: float | None = None,
        caller: str = "",
    ) -> RequestContext:
        scopes = metadata.get(SCOPES, "")
        return cls(
            user_id=metadata.get(USER_ID, ""),
            org_id=metadata.get(ORG_ID, ""),
            api_key_id=metadata.get(API_KEY_ID, ""),
            scopes=frozenset(s for s in scopes.split(" ") if s),
            session_id=metadata.get(SESSION_ID, ""),
            request_id=metadata.get(REQUEST_ID, ""),
            client_address=metadata.get(CLIENT_ADDRESS, ""),
            method=method,
            deadline=deadline,
            caller=caller,
        )

    def to_metadata(self) -> list[tuple[str, str]]:
        """The identity to forward on an outgoing call."""
        pairs = [
            (USER_ID, self.user_id),
            (ORG_ID, self.org_id),
            (API_KEY_ID, self.api_key_id),
            (SCOPES, " ".join(sorted(self.scopes))),
            (SESSION_ID, self.session_id),
            (REQUEST_ID, self.request_id),
        ]
        return [(key, value) for key, value in pairs if value]


ANONYMOUS = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "keel_request_context", default=None
)


def current() -> RequestContext:
    """The caller of the RPC being served (anonymous outside of one)."""
    return _current.get() or ANONYMOUS


def bind(ctx: RequestContext) -> contextvars.Token[RequestContext | None]:
    return _current.set(ctx)


def unbind(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


@contextlib.contextmanager
def acting_for(org_id: str) -> Iterator[RequestContext]:
    """Calls made inside go out as this service itself, working for organization `org_id`
    (background work: no user is named, whoever's request started it)."""
    token = bind(RequestContext(org_id=org_id))
    try:
        yield current()
    finally:
        unbind(token)


def metadata_dict(pairs: Iterable[tuple[str, str | bytes]] | None) -> dict[str, str]:
    """gRPC invocation metadata as a dict of text values (binary `-bin` keys dropped)."""
    if not pairs:
        return {}
    return {key: value for key, value in pairs if isinstance(value, str)}

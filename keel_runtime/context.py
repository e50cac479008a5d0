"""Who is calling: the caller's identity for the current request.

The gateway authenticates the caller and forwards the result as request metadata
(`x-keel-*` headers); services calling each other pass it on. The RPC layer reads it
into a `RequestContext` held in a context variable for the duration of the call.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Mapping
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

    @property
    def authenticated(self) -> bool:
        return bool(self.user_id or self.api_key_id)

    @classmethod
    def from_metadata(
        cls, metadata: Mapping[str, str], method: str = "", deadline: float | None = None
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


def metadata_dict(pairs: Iterable[tuple[str, str | bytes]] | None) -> dict[str, str]:
    """gRPC invocation metadata as a dict of text values (binary `-bin` keys dropped)."""
    if not pairs:
        return {}
    return {key: value for key, value in pairs if isinstance(value, str)}

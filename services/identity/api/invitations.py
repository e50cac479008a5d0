"""identity's invitations API (being written)."""

from __future__ import annotations

import grpc

from services.identity.deps import Deps


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""

"""Envoy's external authorization (`envoy.service.auth.v3.Authorization/Check`) for API keys.

The gateway sends every call carrying `Authorization: Bearer osk_…` here first (with that
header only). A valid key comes back as the caller's `x-keel-*` headers, which Envoy adds
to the request in place of the key; anything else is a 401 Envoy answers itself, the
request never reaching a service. Denials are answers, not gRPC errors: an error would make
Envoy reply 503.
"""

from __future__ import annotations

from datetime import datetime

import grpc
from google.rpc import code_pb2, status_pb2

from envoy_ext_authz.v3 import external_auth_pb2 as authz
from envoy_ext_authz.v3 import external_auth_pb2_grpc as authz_grpc
from keel_runtime import context, db
from keel_runtime.errors import Unauthenticated
from services.identity.data.api_keys import ApiKeyRepository
from services.identity.deps import Deps
from services.identity.domain import api_keys
from services.identity.domain.key_usage import KeyUsage

_OVERWRITE = authz.HeaderValueOption.OVERWRITE_IF_EXISTS_OR_ADD
_ALLOWED = status_pb2.Status(code=code_pb2.OK)


def _header(key: str, value: str) -> authz.HeaderValueOption:
    return authz.HeaderValueOption(
        header=authz.HeaderValue(key=key, value=value), append_action=_OVERWRITE
    )


def allowed(grant: api_keys.Grant) -> authz.CheckResponse:
    headers = [
        _header(context.ORG_ID, str(grant.org_id)),
        _header(context.API_KEY_ID, grant.key_id),
        _header(context.SCOPES, " ".join(sorted(grant.scopes))),
    ]
    if grant.user_id is not None:
        headers.append(_header(context.USER_ID, str(grant.user_id)))
    return authz.CheckResponse(
        status=_ALLOWED,
        ok_response=authz.OkHttpResponse(headers=headers, headers_to_remove=["authorization"]),
    )


def denied(refusal: Unauthenticated) -> authz.CheckResponse:
    return authz.CheckResponse(
        status=status_pb2.Status(code=code_pb2.UNAUTHENTICATED, message=refusal.message),
        denied_response=authz.DeniedHttpResponse(
            status=authz.HttpStatus(code=authz.Unauthorized), body=refusal.message
        ),
    )


class Authorization(authz_grpc.AuthorizationServicer):
    def __init__(self, deps: Deps, usage: KeyUsage) -> None:
        self.deps = deps
        self.usage = usage

    async def Check(
        self, request: authz.CheckRequest, context: grpc.aio.ServicerContext
    ) -> authz.CheckResponse:
        authorization = request.attributes.request.http.headers.get("authorization", "")
        try:
            grant = await api_keys.authenticate(
                self.deps, ApiKeyRepository(db.session()), authorization
            )
        except Unauthenticated as refusal:
            return denied(refusal)
        self.usage.record(grant.key_id)
        return allowed(grant)


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add the Check servicer; its key-usage writer runs for the server's lifetime."""

    async def store(last_used: dict[str, datetime]) -> None:
        async with deps.database.unit_of_work() as session:
            await ApiKeyRepository(session).record_use(last_used)

    usage = KeyUsage(store, deps.config.key_usage_flush_seconds)
    deps.tasks.append(usage.run)
    authz_grpc.add_AuthorizationServicer_to_server(Authorization(deps, usage), server)

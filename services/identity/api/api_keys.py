"""identity's ApiKeyService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from typing import cast

import grpc

from keel.identity.v1 import api_keys_pb2, api_keys_pb2_grpc
from keel_runtime import db
from keel_runtime.convert import optional_time, timestamp
from services.identity.data.api_keys import ApiKeyRepository
from services.identity.deps import Deps
from services.identity.domain import api_keys
from services.identity.domain.access import Caller, KeyKind


def api_key(key: api_keys.ApiKey) -> api_keys_pb2.ApiKey:
    return api_keys_pb2.ApiKey(
        id=key.id,
        org_id=str(key.org_id),
        name=key.name,
        kind=cast(api_keys_pb2.ApiKeyKind, int(key.kind)),
        scopes=key.scopes,
        secret_prefix=key.secret_prefix,
        created_by_user_id=str(key.created_by),
        created_at=timestamp(key.created_at),
        last_used_at=timestamp(key.last_used_at),
        expires_at=timestamp(key.expires_at),
        revoked_at=timestamp(key.revoked_at),
    )


def _keys() -> ApiKeyRepository:
    return ApiKeyRepository(db.session())


class ApiKeyApi(api_keys_pb2_grpc.ApiKeyServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def CreateApiKey(
        self, request: api_keys_pb2.CreateApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> api_keys_pb2.CreateApiKeyResponse:
        key, secret = await api_keys.create(
            self.deps,
            _keys(),
            Caller.current(),
            org_id=uuid.UUID(request.org_id),
            name=request.name,
            kind=KeyKind(request.kind),
            scopes=list(request.scopes),
            expires_at=optional_time(request, "expires_at"),  # unset: never expires
        )
        return api_keys_pb2.CreateApiKeyResponse(api_key=api_key(key), secret=secret)

    async def ListApiKeys(
        self, request: api_keys_pb2.ListApiKeysRequest, context: grpc.aio.ServicerContext
    ) -> api_keys_pb2.ListApiKeysResponse:
        page = await api_keys.list_keys(
            self.deps,
            _keys(),
            Caller.current(),
            uuid.UUID(request.org_id),
            request.page_size,
            request.page_token,
        )
        return api_keys_pb2.ListApiKeysResponse(
            api_keys=[api_key(k) for k in page.items], next_page_token=page.next_page_token
        )

    async def RevokeApiKey(
        self, request: api_keys_pb2.RevokeApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> api_keys_pb2.RevokeApiKeyResponse:
        key = await api_keys.revoke(
            self.deps, _keys(), Caller.current(), uuid.UUID(request.org_id), request.key_id
        )
        return api_keys_pb2.RevokeApiKeyResponse(api_key=api_key(key))

    async def DeleteApiKey(
        self, request: api_keys_pb2.DeleteApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> api_keys_pb2.DeleteApiKeyResponse:
        await api_keys.delete(
            self.deps, _keys(), Caller.current(), uuid.UUID(request.org_id), request.key_id
        )
        return api_keys_pb2.DeleteApiKeyResponse()


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    api_keys_pb2_grpc.add_ApiKeyServiceServicer_to_server(ApiKeyApi(deps), server)

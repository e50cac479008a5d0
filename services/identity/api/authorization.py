"""identity's AuthorizationService: may this caller do this in that organization?

Internal (no HTTP rule, so unreachable through the gateway); every service asks it for
every call on organization data, through `keel_runtime.authz`.
"""

from __future__ import annotations

import uuid
from typing import cast

import grpc

from keel.identity.v1 import authorization_pb2, authorization_pb2_grpc
from keel_runtime.convert import timestamp
from keel_runtime.errors import FieldViolation, InvalidArgument
from services.identity.api.convert import role
from services.identity.deps import Deps
from services.identity.domain.access import Caller, Decision
from services.identity.domain.permissions import PERMISSIONS, PLATFORM_ADMIN


def _response(decision: Decision) -> authorization_pb2.CheckPermissionResponse:
    return authorization_pb2.CheckPermissionResponse(
        verdict=cast(authorization_pb2.Verdict, int(decision.verdict)),
        role=role(decision.role),
        reason=decision.reason,
        valid_until=timestamp(decision.valid_until),
        position=decision.position,
    )


def _known(checks: list[authorization_pb2.PermissionCheck]) -> None:
    """An unknown permission name is a bug in the asking service: say so, loudly."""
    unknown = [
        FieldViolation(f"checks[{i}].permission", f"unknown permission {c.permission!r}")
        for i, c in enumerate(checks)
        if c.permission not in PERMISSIONS and c.permission != PLATFORM_ADMIN
    ]
    if unknown:
        raise InvalidArgument(
            "unknown permission", reason="UNKNOWN_PERMISSION", field_violations=unknown
        )


def _caller(principal: authorization_pb2.Principal) -> Caller:
    return Caller.of(principal.user_id, principal.api_key_id, principal.session_id)


class AuthorizationApi(authorization_pb2_grpc.AuthorizationServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def _decide(
        self, caller: Caller, check: authorization_pb2.PermissionCheck, min_position: str
    ) -> Decision:
        org_id = uuid.UUID(check.org_id)
        return await self.deps.access.check(
            self.deps.facts, caller, org_id, check.permission, min_position
        )

    async def CheckPermission(
        self, request: authorization_pb2.CheckPermissionRequest, context: grpc.aio.ServicerContext
    ) -> authorization_pb2.CheckPermissionResponse:
        _known([request.check])
        caller = _caller(request.principal)
        return _response(await self._decide(caller, request.check, request.min_position))

    async def BatchCheckPermissions(
        self,
        request: authorization_pb2.BatchCheckPermissionsRequest,
        context: grpc.aio.ServicerContext,
    ) -> authorization_pb2.BatchCheckPermissionsResponse:
        _known(list(request.checks))
        caller = _caller(request.principal)
        results = [
            _response(await self._decide(caller, c, request.min_position)) for c in request.checks
        ]
        return authorization_pb2.BatchCheckPermissionsResponse(results=results)


def register(server: grpc.aio.Server, deps: Deps) -> None:
    authorization_pb2_grpc.add_AuthorizationServiceServicer_to_server(
        AuthorizationApi(deps), server
    )

"""identity's AuthService: sign-up, login, token refresh and logout, the JWKS, and the
active-organization context. Protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.identity.v1 import auth_pb2, auth_pb2_grpc
from keel_runtime import context as request_context
from keel_runtime.convert import timestamp
from services.identity.api import convert
from services.identity.deps import Deps
from services.identity.domain import auth
from services.identity.domain.access import Caller


def client_address(servicer_context: grpc.aio.ServicerContext) -> str:
    """The client as Envoy saw it, else the gRPC peer ("ipv4:1.2.3.4:5678" → "1.2.3.4")."""
    address = request_context.current().client_address
    if address:
        return address
    peer = servicer_context.peer() or ""
    kind, _, rest = peer.partition(":")
    if kind in ("ipv4", "ipv6"):
        return rest.rpartition(":")[0].strip("[]")
    return peer


class AuthApi(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def Signup(
        self, request: auth_pb2.SignupRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SignupResponse:
        signed_in = await auth.signup(
            self.deps,
            request.email,
            request.password,
            request.display_name,
            client_address(context),
        )
        return auth_pb2.SignupResponse(
            user=convert.user(signed_in.user), tokens=convert.tokens(signed_in.tokens)
        )

    async def VerifyEmail(
        self, request: auth_pb2.VerifyEmailRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.VerifyEmailResponse:
        user = await auth.verify_email(request.token)
        return auth_pb2.VerifyEmailResponse(user=convert.user(user))

    async def ResendVerificationEmail(
        self,
        request: auth_pb2.ResendVerificationEmailRequest,
        context: grpc.aio.ServicerContext,
    ) -> auth_pb2.ResendVerificationEmailResponse:
        expires_at = await auth.resend_verification(self.deps, Caller.current())
        return auth_pb2.ResendVerificationEmailResponse(expires_at=timestamp(expires_at))

    async def Login(
        self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LoginResponse:
        signed_in = await auth.login(
            self.deps, request.email, request.password, client_address(context)
        )
        active = signed_in.active
        return auth_pb2.LoginResponse(
            user=convert.user(signed_in.user),
            tokens=convert.tokens(signed_in.tokens),
            active_org_id=str(active.organization.id) if active is not None else "",
        )

    async def Refresh(
        self, request: auth_pb2.RefreshRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.RefreshResponse:
        issued = await auth.refresh(self.deps, request.refresh_token)
        return auth_pb2.RefreshResponse(tokens=convert.tokens(issued))

    async def Logout(
        self, request: auth_pb2.LogoutRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LogoutResponse:
        await auth.logout(request.refresh_token)
        return auth_pb2.LogoutResponse()

    async def GetJwks(
        self, request: auth_pb2.GetJwksRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetJwksResponse:
        keys = await self.deps.keys.jwks()
        return auth_pb2.GetJwksResponse(keys=[auth_pb2.Jwk(**jwk) for jwk in keys])

    async def GetContext(
        self, request: auth_pb2.GetContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetContextResponse:
        found = await auth.context(self.deps, Caller.current())
        return auth_pb2.GetContextResponse(
            user=convert.user(found.user),
            active=convert.organization_access(found.active) if found.active is not None else None,
            organizations=[convert.organization_access(a) for a in found.organizations],
        )

    async def SwitchContext(
        self, request: auth_pb2.SwitchContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SwitchContextResponse:
        active, issued = await auth.switch(self.deps, Caller.current(), uuid.UUID(request.org_id))
        return auth_pb2.SwitchContextResponse(
            active=convert.organization_access(active), tokens=convert.tokens(issued)
        )


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`, and the hourly purge of ended sessions."""
    auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthApi(deps), server)
    deps.tasks.append(lambda: auth.purge_sessions_forever(deps))

"""identity's AuthService: sign-up, login, token refresh and logout, the JWKS, and the
active-organization context. Protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.identity.v1 import auth_pb2, auth_pb2_grpc, resources_pb2
from keel_runtime import context as request_context
from services.identity.api import convert
from services.identity.data.memberships import Organization, OrganizationAccess
from services.identity.data.users import User
from services.identity.deps import Deps
from services.identity.domain import auth, tokens
from services.identity.domain.access import Caller
from services.identity.domain.tokens import Tokens


def user_pb(user: User) -> resources_pb2.User:
    return resources_pb2.User(
        id=str(user.id),
        email=user.email,
        display_name=user.display_name,
        created_at=convert.timestamp(user.created_at),
        platform_admin=user.platform_admin,
    )


def tokens_pb(issued: Tokens) -> resources_pb2.Tokens:
    return resources_pb2.Tokens(
        access_token=issued.access_token,
        token_type=issued.token_type,
        expires_in=issued.expires_in,
        refresh_token=issued.refresh_token,
    )


def organization_pb(organization: Organization) -> resources_pb2.Organization:
    return resources_pb2.Organization(
        id=str(organization.id),
        name=organization.name,
        slug=organization.slug,
        parent_org_id=str(organization.parent_org_id or ""),
        plan_tier=organization.plan_tier,
        settings=convert.struct(organization.settings),
        created_at=convert.timestamp(organization.created_at),
        updated_at=convert.timestamp(organization.updated_at),
    )


def organization_access_pb(access: OrganizationAccess) -> resources_pb2.OrganizationAccess:
    return resources_pb2.OrganizationAccess(
        organization=organization_pb(access.organization),
        role=convert.role(access.role),
        inherited=access.inherited,
    )


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
            self.deps, request.email, request.password, request.display_name
        )
        return auth_pb2.SignupResponse(
            user=user_pb(signed_in.user), tokens=tokens_pb(signed_in.tokens)
        )

    async def Login(
        self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LoginResponse:
        signed_in = await auth.login(
            self.deps, request.email, request.password, client_address(context)
        )
        active = signed_in.active
        return auth_pb2.LoginResponse(
            user=user_pb(signed_in.user),
            tokens=tokens_pb(signed_in.tokens),
            active_org_id=str(active.organization.id) if active is not None else "",
        )

    async def Refresh(
        self, request: auth_pb2.RefreshRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.RefreshResponse:
        issued = await auth.refresh(self.deps, request.refresh_token)
        return auth_pb2.RefreshResponse(tokens=tokens_pb(issued))

    async def Logout(
        self, request: auth_pb2.LogoutRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LogoutResponse:
        await auth.logout(request.refresh_token)
        return auth_pb2.LogoutResponse()

    async def GetJwks(
        self, request: auth_pb2.GetJwksRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetJwksResponse:
        keys = await tokens.keys(self.deps).jwks()
        return auth_pb2.GetJwksResponse(keys=[auth_pb2.Jwk(**jwk) for jwk in keys])

    async def GetContext(
        self, request: auth_pb2.GetContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetContextResponse:
        found = await auth.context(self.deps, _caller())
        return auth_pb2.GetContextResponse(
            user=user_pb(found.user),
            active=organization_access_pb(found.active) if found.active is not None else None,
            organizations=[organization_access_pb(a) for a in found.organizations],
        )

    async def SwitchContext(
        self, request: auth_pb2.SwitchContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SwitchContextResponse:
        active, issued = await auth.switch(self.deps, _caller(), uuid.UUID(request.org_id))
        return auth_pb2.SwitchContextResponse(
            active=organization_access_pb(active), tokens=tokens_pb(issued)
        )


def _caller() -> Caller:
    return Caller.from_context(request_context.current())


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthApi(deps), server)

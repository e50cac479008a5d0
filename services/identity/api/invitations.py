"""identity's InvitationService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from typing import cast

import grpc

from keel.identity.v1 import invitations_pb2, invitations_pb2_grpc
from keel_runtime.convert import timestamp
from services.identity.api.convert import organization_access, role
from services.identity.deps import Deps
from services.identity.domain import invitations
from services.identity.domain.access import Caller
from services.identity.domain.invitations import Status
from services.identity.domain.permissions import Role


def status(value: Status) -> invitations_pb2.InvitationStatus:
    return cast(invitations_pb2.InvitationStatus, int(value))


def invitation(value: invitations.Invitation) -> invitations_pb2.Invitation:
    record = value.record
    return invitations_pb2.Invitation(
        id=str(record.id),
        org_id=str(record.org_id),
        email=record.email,
        role=role(record.role),
        status=status(value.status),
        invited_by_user_id=str(record.invited_by),
        created_at=timestamp(record.created_at),
        expires_at=timestamp(record.expires_at),
        accepted_at=timestamp(record.accepted_at),
    )


class InvitationApi(invitations_pb2_grpc.InvitationServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def CreateInvitation(
        self,
        request: invitations_pb2.CreateInvitationRequest,
        context: grpc.aio.ServicerContext,
    ) -> invitations_pb2.CreateInvitationResponse:
        created = await invitations.create(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            request.email,
            Role(request.role),
        )
        return invitations_pb2.CreateInvitationResponse(
            invitation=invitation(created.invitation), token=created.token
        )

    async def ListInvitations(
        self,
        request: invitations_pb2.ListInvitationsRequest,
        context: grpc.aio.ServicerContext,
    ) -> invitations_pb2.ListInvitationsResponse:
        page = await invitations.list_invitations(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            Status(request.status) if request.status else None,
            request.page_size,
            request.page_token,
        )
        return invitations_pb2.ListInvitationsResponse(
            invitations=[invitation(i) for i in page.items], next_page_token=page.next_page_token
        )

    async def RevokeInvitation(
        self,
        request: invitations_pb2.RevokeInvitationRequest,
        context: grpc.aio.ServicerContext,
    ) -> invitations_pb2.RevokeInvitationResponse:
        revoked = await invitations.revoke(
            self.deps, Caller.current(), uuid.UUID(request.org_id), uuid.UUID(request.invitation_id)
        )
        return invitations_pb2.RevokeInvitationResponse(invitation=invitation(revoked))

    async def GetInvitation(
        self, request: invitations_pb2.GetInvitationRequest, context: grpc.aio.ServicerContext
    ) -> invitations_pb2.GetInvitationResponse:
        # Public: the token is the only credential.
        view = await invitations.lookup(request.token)
        return invitations_pb2.GetInvitationResponse(
            organization_name=view.organization_name,
            role=role(view.role),
            inviter_display_name=view.inviter_display_name,
            email=view.email,
            status=status(view.status),
            expires_at=timestamp(view.expires_at),
        )

    async def AcceptInvitation(
        self,
        request: invitations_pb2.AcceptInvitationRequest,
        context: grpc.aio.ServicerContext,
    ) -> invitations_pb2.AcceptInvitationResponse:
        view = await invitations.accept(self.deps, Caller.current(), request.token)
        return invitations_pb2.AcceptInvitationResponse(organization=organization_access(view))


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    invitations_pb2_grpc.add_InvitationServiceServicer_to_server(InvitationApi(deps), server)

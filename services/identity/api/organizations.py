"""identity's OrganizationService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from typing import Any

import grpc

from keel.identity.v1 import organizations_pb2, organizations_pb2_grpc
from keel_runtime.convert import from_struct, struct, timestamp
from services.identity.api.convert import member, organization_access
from services.identity.data.organizations import AuditRecord
from services.identity.deps import Deps
from services.identity.domain import members, organizations
from services.identity.domain.access import Caller
from services.identity.domain.permissions import Role


def audit_event(record: AuditRecord) -> organizations_pb2.AuditEvent:
    return organizations_pb2.AuditEvent(
        id=str(record.id),
        org_id=str(record.org_id) if record.org_id else "",
        actor_user_id=str(record.actor_user_id) if record.actor_user_id else "",
        actor_api_key_id=record.actor_api_key_id or "",
        action=record.action,
        target_type=record.target_type,
        target_id=record.target_id,
        before=struct(record.before),
        after=struct(record.after),
        created_at=timestamp(record.created_at),
        request_id=record.request_id or "",
    )


def settings_of(request: Any) -> dict[str, Any] | None:
    """The request's settings, or None when the field was not sent."""
    return from_struct(request.settings) if request.HasField("settings") else None


class OrganizationApi(organizations_pb2_grpc.OrganizationServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def CreateOrganization(
        self,
        request: organizations_pb2.CreateOrganizationRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.CreateOrganizationResponse:
        view = await organizations.create(
            self.deps, Caller.current(), request.name, settings_of(request) or {}
        )
        return organizations_pb2.CreateOrganizationResponse(organization=organization_access(view))

    async def ListOrganizations(
        self,
        request: organizations_pb2.ListOrganizationsRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.ListOrganizationsResponse:
        page = await organizations.list_mine(
            self.deps, Caller.current(), request.page_size, request.page_token
        )
        return organizations_pb2.ListOrganizationsResponse(
            organizations=[organization_access(v) for v in page.items],
            next_page_token=page.next_page_token,
        )

    async def GetOrganization(
        self,
        request: organizations_pb2.GetOrganizationRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.GetOrganizationResponse:
        view = await organizations.get(self.deps, Caller.current(), uuid.UUID(request.org_id))
        return organizations_pb2.GetOrganizationResponse(organization=organization_access(view))

    async def UpdateOrganization(
        self,
        request: organizations_pb2.UpdateOrganizationRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.UpdateOrganizationResponse:
        view = await organizations.update(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            name=request.name if request.HasField("name") else None,
            settings=settings_of(request),
        )
        return organizations_pb2.UpdateOrganizationResponse(organization=organization_access(view))

    async def DeleteOrganization(
        self,
        request: organizations_pb2.DeleteOrganizationRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.DeleteOrganizationResponse:
        await organizations.delete(self.deps, Caller.current(), uuid.UUID(request.org_id))
        return organizations_pb2.DeleteOrganizationResponse()

    async def ListChildOrganizations(
        self,
        request: organizations_pb2.ListChildOrganizationsRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.ListChildOrganizationsResponse:
        page = await organizations.list_children(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            request.page_size,
            request.page_token,
        )
        return organizations_pb2.ListChildOrganizationsResponse(
            organizations=[organization_access(v) for v in page.items],
            next_page_token=page.next_page_token,
        )

    async def CreateChildOrganization(
        self,
        request: organizations_pb2.CreateChildOrganizationRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.CreateChildOrganizationResponse:
        view = await organizations.create_child(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            request.name,
            settings_of(request) or {},
        )
        return organizations_pb2.CreateChildOrganizationResponse(
            organization=organization_access(view)
        )

    async def ListMembers(
        self, request: organizations_pb2.ListMembersRequest, context: grpc.aio.ServicerContext
    ) -> organizations_pb2.ListMembersResponse:
        page = await members.list_members(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            request.page_size,
            request.page_token,
        )
        return organizations_pb2.ListMembersResponse(
            members=[member(m) for m in page.items], next_page_token=page.next_page_token
        )

    async def UpdateMember(
        self, request: organizations_pb2.UpdateMemberRequest, context: grpc.aio.ServicerContext
    ) -> organizations_pb2.UpdateMemberResponse:
        updated = await members.change_role(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            uuid.UUID(request.user_id),
            Role(request.role),
        )
        return organizations_pb2.UpdateMemberResponse(member=member(updated))

    async def RemoveMember(
        self, request: organizations_pb2.RemoveMemberRequest, context: grpc.aio.ServicerContext
    ) -> organizations_pb2.RemoveMemberResponse:
        await members.remove(
            self.deps, Caller.current(), uuid.UUID(request.org_id), uuid.UUID(request.user_id)
        )
        return organizations_pb2.RemoveMemberResponse()

    async def ListAuditEvents(
        self,
        request: organizations_pb2.ListAuditEventsRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.ListAuditEventsResponse:
        page = await organizations.list_audit_events(
            self.deps,
            Caller.current(),
            uuid.UUID(request.org_id),
            request.page_size,
            request.page_token,
        )
        return organizations_pb2.ListAuditEventsResponse(
            events=[audit_event(r) for r in page.items], next_page_token=page.next_page_token
        )


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    organizations_pb2_grpc.add_OrganizationServiceServicer_to_server(OrganizationApi(deps), server)

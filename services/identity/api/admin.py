"""identity's AdminService (platform administrators only): protobuf in, domain call,
protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.identity.v1 import admin_pb2, admin_pb2_grpc, resources_pb2
from keel_runtime import context, db
from services.identity.api.convert import struct, timestamp
from services.identity.data.admin import PlatformRepository
from services.identity.deps import Deps
from services.identity.domain import admin
from services.identity.domain.access import Caller


def platform_user(user: admin.PlatformUser) -> admin_pb2.PlatformUser:
    return admin_pb2.PlatformUser(
        user=resources_pb2.User(
            id=str(user.id),
            email=user.email,
            display_name=user.display_name,
            created_at=timestamp(user.created_at),
            platform_admin=user.platform_admin,
        ),
        suspended_at=timestamp(user.suspended_at),
        suspension_reason=user.suspension_reason or "",
        last_login_at=timestamp(user.last_login_at),
        organization_count=user.organization_count,
    )


def platform_organization(org: admin.PlatformOrganization) -> admin_pb2.PlatformOrganization:
    return admin_pb2.PlatformOrganization(
        organization=resources_pb2.Organization(
            id=str(org.id),
            name=org.name,
            slug=org.slug,
            parent_org_id=str(org.parent_org_id) if org.parent_org_id else "",
            plan_tier=org.plan_tier,
            settings=struct(org.settings),
            created_at=timestamp(org.created_at),
            updated_at=timestamp(org.updated_at),
        ),
        member_count=org.member_count,
        deleted_at=timestamp(org.deleted_at),
    )


def _caller() -> Caller:
    return Caller.from_context(context.current())


def _platform() -> PlatformRepository:
    return PlatformRepository(db.session())


class AdminApi(admin_pb2_grpc.AdminServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def GetPlatformOverview(
        self, request: admin_pb2.GetPlatformOverviewRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.GetPlatformOverviewResponse:
        counts = await admin.overview(self.deps, _platform(), _caller())
        return admin_pb2.GetPlatformOverviewResponse(**vars(counts))

    async def ListPlatformUsers(
        self, request: admin_pb2.ListPlatformUsersRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.ListPlatformUsersResponse:
        where = admin.UserFilter(
            query=request.query,
            suspended_only=request.suspended_only,
            platform_admins_only=request.platform_admins_only,
        )
        page = await admin.list_users(
            self.deps, _platform(), _caller(), where, request.page_size, request.page_token
        )
        return admin_pb2.ListPlatformUsersResponse(
            users=[platform_user(u) for u in page.items], next_page_token=page.next_page_token
        )

    async def ListPlatformOrganizations(
        self,
        request: admin_pb2.ListPlatformOrganizationsRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_pb2.ListPlatformOrganizationsResponse:
        where = admin.OrganizationFilter(
            query=request.query,
            plan_tier=request.plan_tier,
            include_deleted=request.include_deleted,
            parent_org_id=request.parent_org_id,
        )
        page = await admin.list_organizations(
            self.deps, _platform(), _caller(), where, request.page_size, request.page_token
        )
        return admin_pb2.ListPlatformOrganizationsResponse(
            organizations=[platform_organization(o) for o in page.items],
            next_page_token=page.next_page_token,
        )

    async def SuspendUser(
        self, request: admin_pb2.SuspendUserRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.SuspendUserResponse:
        user = await admin.suspend_user(
            self.deps, _platform(), _caller(), uuid.UUID(request.user_id), request.reason
        )
        return admin_pb2.SuspendUserResponse(user=platform_user(user))

    async def UnsuspendUser(
        self, request: admin_pb2.UnsuspendUserRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.UnsuspendUserResponse:
        user = await admin.unsuspend_user(
            self.deps, _platform(), _caller(), uuid.UUID(request.user_id)
        )
        return admin_pb2.UnsuspendUserResponse(user=platform_user(user))

    async def SetOrganizationPlanTier(
        self,
        request: admin_pb2.SetOrganizationPlanTierRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_pb2.SetOrganizationPlanTierResponse:
        org = await admin.set_plan_tier(
            self.deps, _platform(), _caller(), uuid.UUID(request.org_id), request.plan_tier
        )
        return admin_pb2.SetOrganizationPlanTierResponse(organization=platform_organization(org))


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    admin_pb2_grpc.add_AdminServiceServicer_to_server(AdminApi(deps), server)

"""identity's AdminService (platform administrators only): protobuf in, domain call,
protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.identity.v1 import admin_pb2, admin_pb2_grpc
from keel_runtime import db
from keel_runtime.convert import timestamp
from services.identity.api.convert import organization, user
from services.identity.data.admin import PlatformRepository
from services.identity.deps import Deps
from services.identity.domain import admin
from services.identity.domain.access import Caller


def platform_user(value: admin.PlatformUser) -> admin_pb2.PlatformUser:
    return admin_pb2.PlatformUser(
        user=user(value.user),
        suspended_at=timestamp(value.user.suspended_at),
        suspension_reason=value.suspension_reason or "",
        last_login_at=timestamp(value.last_login_at),
        organization_count=value.organization_count,
    )


def platform_organization(value: admin.PlatformOrganization) -> admin_pb2.PlatformOrganization:
    return admin_pb2.PlatformOrganization(
        organization=organization(value.organization),
        member_count=value.member_count,
        deleted_at=timestamp(value.deleted_at),
    )


def _platform() -> PlatformRepository:
    return PlatformRepository(db.session())


class AdminApi(admin_pb2_grpc.AdminServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def GetPlatformOverview(
        self, request: admin_pb2.GetPlatformOverviewRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.GetPlatformOverviewResponse:
        counts = await admin.overview(self.deps, _platform(), Caller.current())
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
            self.deps, _platform(), Caller.current(), where, request.page_size, request.page_token
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
            self.deps, _platform(), Caller.current(), where, request.page_size, request.page_token
        )
        return admin_pb2.ListPlatformOrganizationsResponse(
            organizations=[platform_organization(o) for o in page.items],
            next_page_token=page.next_page_token,
        )

    async def SuspendUser(
        self, request: admin_pb2.SuspendUserRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.SuspendUserResponse:
        user = await admin.suspend_user(
            self.deps, _platform(), Caller.current(), uuid.UUID(request.user_id), request.reason
        )
        return admin_pb2.SuspendUserResponse(user=platform_user(user))

    async def UnsuspendUser(
        self, request: admin_pb2.UnsuspendUserRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.UnsuspendUserResponse:
        user = await admin.unsuspend_user(
            self.deps, _platform(), Caller.current(), uuid.UUID(request.user_id)
        )
        return admin_pb2.UnsuspendUserResponse(user=platform_user(user))

    async def SetOrganizationPlanTier(
        self,
        request: admin_pb2.SetOrganizationPlanTierRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_pb2.SetOrganizationPlanTierResponse:
        org = await admin.set_plan_tier(
            self.deps, _platform(), Caller.current(), uuid.UUID(request.org_id), request.plan_tier
        )
        return admin_pb2.SetOrganizationPlanTierResponse(organization=platform_organization(org))


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    admin_pb2_grpc.add_AdminServiceServicer_to_server(AdminApi(deps), server)

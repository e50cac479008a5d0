"""Domain values ↔ protobuf, shared by identity's handlers: one converter per resource of
resources.proto, and the well-known types."""

from __future__ import annotations

from keel.identity.v1 import resources_pb2
from keel_runtime.convert import struct, timestamp
from services.identity.data.organizations import MemberRecord
from services.identity.domain.organizations import proto_role
from services.identity.domain.permissions import Role
from services.identity.domain.resources import Organization, OrganizationAccess, User
from services.identity.domain.tokens import Tokens


def role(value: Role | int | None) -> resources_pb2.Role:
    """ROLE_UNSPECIFIED for no role."""
    return proto_role(value or 0)


def user(value: User) -> resources_pb2.User:
    return resources_pb2.User(
        id=str(value.id),
        email=value.email,
        display_name=value.display_name,
        created_at=timestamp(value.created_at),
        platform_admin=value.platform_admin,
        email_verified=value.email_verified_at is not None,
    )


def organization(value: Organization) -> resources_pb2.Organization:
    return resources_pb2.Organization(
        id=str(value.id),
        name=value.name,
        slug=value.slug,
        parent_org_id=str(value.parent_org_id) if value.parent_org_id else "",
        plan_tier=value.plan_tier,
        settings=struct(value.settings),
        created_at=timestamp(value.created_at),
        updated_at=timestamp(value.updated_at),
    )


def organization_access(value: OrganizationAccess) -> resources_pb2.OrganizationAccess:
    return resources_pb2.OrganizationAccess(
        organization=organization(value.organization),
        role=role(value.role),
        inherited=value.inherited,
    )


def member(value: MemberRecord) -> resources_pb2.Member:
    return resources_pb2.Member(
        user_id=str(value.user_id),
        email=value.email,
        display_name=value.display_name,
        role=role(value.role),
        joined_at=timestamp(value.joined_at),
    )


def tokens(value: Tokens) -> resources_pb2.Tokens:
    return resources_pb2.Tokens(
        access_token=value.access_token,
        token_type=value.token_type,
        expires_in=value.expires_in,
        refresh_token=value.refresh_token,
    )

"""identity's resources as the domain works with them (resources.proto's User,
Organization and OrganizationAccess): the data layer builds them from rows, the API layer
turns them into protobuf (api/convert.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.identity.domain.permissions import Role


@dataclass(frozen=True)
class User:
    id: uuid.UUID
    email: str
    display_name: str
    created_at: datetime
    platform_admin: bool
    suspended_at: datetime | None
    active_org_id: uuid.UUID | None
    # None until the user proved they receive mail at `email`.
    email_verified_at: datetime | None = None


@dataclass(frozen=True)
class Organization:
    id: uuid.UUID
    name: str
    slug: str
    parent_org_id: uuid.UUID | None
    plan_tier: str
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class OrganizationAccess:
    """An organization as a caller sees it: with their effective role there (None for a
    service API key, which has no role)."""

    organization: Organization
    role: Role | None
    # The role comes from being an owner or admin of the parent organization.
    inherited: bool = False

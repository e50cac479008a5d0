"""Helpers the identity test modules share: identity's facts written straight into its
database (`Seed`), the metadata the gateway sends for a caller, and the error details of
REST and gRPC answers. (Users made through the REST API: people.py.)"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

import grpc
import httpx
import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from google.rpc import error_details_pb2

from keel.events.v1 import events_pb2
from keel.identity.v1 import api_keys_pb2
from keel_runtime.db import Database
from keel_runtime.status import details_of
from tests.support.channels import mesh_env

OWNER, ADMIN, MEMBER, VIEWER = 4, 3, 2, 1
KIND_USER = api_keys_pb2.API_KEY_KIND_USER
KIND_SERVICE = api_keys_pb2.API_KEY_KIND_SERVICE


SECRET = "test-secret-" + "x" * 40
EVENTS_SEALING_KEY = "test-events-" + "y" * 40


def identity_settings(database_url: str, redis_url: str) -> dict[str, str]:
    """Settings for an identity server on its own database (fast password hashing, quiet
    telemetry); every mesh that runs identity uses them."""
    return {
        **mesh_env(),
        "KEEL_IDENTITY_DATABASE_URL": database_url,
        "KEEL_REDIS_URL": redis_url,
        "KEEL_IDENTITY_SECRET": SECRET,
        "KEEL_EVENTS_SEALING_KEY": EVENTS_SEALING_KEY,
        "KEEL_IDENTITY_PASSWORD_HASH_MEMORY_KIB": "8192",
        # Every test signs its users up from 127.0.0.1, all sharing one Redis: the sign-up
        # throttle is tested on its own (tests/identity/test_abuse.py).
        "KEEL_IDENTITY_SIGNUPS_PER_ADDRESS_PER_HOUR": "1000000",
        "KEEL_IDENTITY_SIGNUPS_PER_MINUTE": "1000000",
        # Most meshes run no billing to ask before a deletion: tests/billing/
        # test_org_deletion.py runs identity with it.
        "KEEL_IDENTITY_DELETION_ASKS_BILLING": "false",
        "KEEL_OUTBOX_POLL_SECONDS": "0.2",
        "OTEL_TRACES_EXPORTER": "none",
        "OTEL_METRICS_EXPORTER": "none",
    }


# --- the database -------------------------------------------------------------------------


async def sql(database: Database, statement: str, **params: Any) -> list[Any]:
    """Run one statement in its own transaction; its rows, if it returns any."""
    async with database.engine.begin() as conn:
        result = await conn.execute(sa.text(statement), params)
        return list(result) if result.returns_rows else []


async def scalar(database: Database, statement: str, **params: Any) -> Any:
    """The first column of the first row of a query (None without rows)."""
    rows = await sql(database, statement, **params)
    return rows[0][0] if rows else None


@dataclass
class Seed:
    """Writes identity's facts straight into its database."""

    database: Database

    async def sql(self, statement: str, **params: Any) -> list[Any]:
        return await sql(self.database, statement, **params)

    async def user(
        self,
        *,
        email: str | None = None,
        display_name: str = "Test User",
        suspended: bool = False,
        platform_admin: bool = False,
    ) -> uuid.UUID:
        user_id = uuid.uuid4()
        email = email or f"{user_id}@example.com"
        await self.sql(
            "INSERT INTO users (id, email, email_normalized, display_name, password_hash,"
            " platform_admin, suspended_at, suspension_reason)"
            " VALUES (:id, :email, lower(:email), :name, 'x', :admin,"
            " CASE WHEN :suspended THEN now() END, CASE WHEN :suspended THEN 'seeded' END)",
            id=user_id,
            email=email,
            name=display_name,
            admin=platform_admin,
            suspended=suspended,
        )
        return user_id

    async def org(
        self,
        *,
        name: str = "Acme",
        slug: str | None = None,
        parent: uuid.UUID | None = None,
        plan_tier: str = "free",
        deleted: bool = False,
    ) -> uuid.UUID:
        org_id = uuid.uuid4()
        await self.sql(
            "INSERT INTO organizations (id, name, slug, parent_org_id, plan_tier, deleted_at)"
            " VALUES (:id, :name, :slug, :parent, :tier, CASE WHEN :deleted THEN now() END)",
            id=org_id,
            name=name,
            slug=slug or str(org_id),
            parent=parent,
            tier=plan_tier,
            deleted=deleted,
        )
        return org_id

    async def member(self, org_id: uuid.UUID, user_id: uuid.UUID, role: int) -> None:
        await self.sql(
            "INSERT INTO memberships (org_id, user_id, role) VALUES (:o, :u, :r)",
            o=org_id,
            u=user_id,
            r=role,
        )

    async def session(self, user_id: uuid.UUID, *, ended: bool = False) -> uuid.UUID:
        session_id = uuid.uuid4()
        await self.sql(
            "INSERT INTO sessions (id, user_id, expires_at, ended_at)"
            " VALUES (:id, :u, now() + interval '1 day', CASE WHEN :ended THEN now() END)",
            id=session_id,
            u=user_id,
            ended=ended,
        )
        return session_id

    async def signed_in(self, user_id: uuid.UUID) -> tuple[tuple[str, str], ...]:
        """The metadata the gateway sends for `user_id` signed in (a new live session: a
        user is never named without one)."""
        return as_user(user_id, await self.session(user_id))

    async def org_with(self, role: int = OWNER) -> tuple[uuid.UUID, uuid.UUID]:
        """A new organization and a new user with `role` there: (org_id, user_id)."""
        org_id, user_id = await self.org(), await self.user()
        await self.member(org_id, user_id, role)
        return org_id, user_id

    async def events(self, type_: str, payload: type[Message]) -> list[Any]:
        """Payloads of the outbox events of one type, oldest first."""
        rows = await self.sql(
            "SELECT envelope FROM outbox_events WHERE type = :t ORDER BY seq", t=type_
        )
        decoded = []
        for (raw,) in rows:
            message = payload()
            events_pb2.Event.FromString(raw).payload.Unpack(message)
            decoded.append(message)
        return decoded

    async def audit(self, action: str, target_id: str) -> list[Any]:
        return await self.sql(
            "SELECT * FROM audit_events WHERE action = :a AND target_id = :t ORDER BY id",
            a=action,
            t=target_id,
        )


# --- callers over gRPC ----------------------------------------------------------------------


def as_user(user_id: uuid.UUID, session_id: uuid.UUID | None = None) -> tuple[tuple[str, str], ...]:
    """Metadata the gateway sends for a user whose access token it verified."""
    metadata = [("x-keel-user-id", str(user_id))]
    if session_id is not None:
        metadata.append(("x-keel-session-id", str(session_id)))
    return tuple(metadata)


def as_key(key_id: str, org_id: uuid.UUID) -> tuple[tuple[str, str], ...]:
    return (("x-keel-api-key-id", key_id), ("x-keel-org-id", str(org_id)))


def page_token(*parts: Any) -> str:
    """A page token as lists issue them (URL-safe base64 of the JSON sort key), to forge."""
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode()


async def refused(call: Any) -> tuple[grpc.StatusCode, str]:
    """The status code and ErrorInfo reason of a gRPC call that must fail."""
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    infos = [d for d in details_of(raised.value) if isinstance(d, error_details_pb2.ErrorInfo)]
    return raised.value.code(), infos[0].reason if infos else ""


# --- REST error answers ---------------------------------------------------------------------


def detail(response: httpx.Response, kind: str) -> dict[str, Any]:
    """The `google.rpc.<kind>` detail of an error response."""
    details = response.json()["details"]
    found: dict[str, Any] = next(d for d in details if d["@type"].endswith(f"google.rpc.{kind}"))
    return found


def reason(response: httpx.Response) -> str:
    """The `ErrorInfo.reason` of an error response ("" when it has none)."""
    details = response.json().get("details", [])
    return next((d["reason"] for d in details if d["@type"].endswith("google.rpc.ErrorInfo")), "")


def violated_fields(response: httpx.Response) -> set[str]:
    """The fields named by the `BadRequest` detail of an error response."""
    return {v["field"] for v in detail(response, "BadRequest")["field_violations"]}

"""agents's ShareLinkService and SharedAgentService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.api import httpbody_pb2

from keel.agents.v1 import share_links_pb2 as pb
from keel.agents.v1 import share_links_pb2_grpc
from keel_runtime import context as request_context
from keel_runtime.convert import EnumNames, optional_time, timestamp
from keel_runtime.db import Database
from services.agents.api import run_convert
from services.agents.api.convert import caller
from services.agents.domain import runs, share_links
from services.agents.domain.events import Watcher
from services.agents.domain.share_links import (
    DEFAULT_RUNS_PER_MINUTE,
    DEFAULT_VISITOR_RUNS_PER_MINUTE,
    Settings,
    ShareLink,
)

STATE = EnumNames(pb.ShareLinkState, "SHARE_LINK_STATE_")
_SCALARS = ("label", "greeting", "runs_per_minute", "visitor_runs_per_minute")


def link(value: ShareLink) -> pb.ShareLink:
    return pb.ShareLink(
        id=value.id, agent_id=str(value.agent_id), org_id=str(value.org_id),
        label=value.label, greeting=value.greeting, max_runs=value.max_runs or 0,
        runs_per_minute=value.runs_per_minute,
        visitor_runs_per_minute=value.visitor_runs_per_minute,
        expires_at=timestamp(value.expires_at), state=STATE.value(value.state(share_links.now())),
        view_count=value.view_count, run_count=value.run_count,
        last_viewed_at=timestamp(value.last_viewed_at), last_run_at=timestamp(value.last_run_at),
        revoked_at=timestamp(value.revoked_at),
        created_by=str(value.created_by or value.created_by_api_key or ""),
        created_at=timestamp(value.created_at), updated_at=timestamp(value.updated_at),
    )  # fmt: skip


def shared_run(value: runs.Run) -> pb.SharedRun:
    return pb.SharedRun(
        id=str(value.id), status=run_convert.STATUS[value.status], reason=value.reason,
        input=value.input, output=value.output, created_at=timestamp(value.created_at),
        finished_at=timestamp(value.finished_at),
    )  # fmt: skip


def _changes(request: pb.UpdateShareLinkRequest) -> dict[str, Any]:
    """What a PATCH sets: the fields present in it, and those its update_mask names."""
    mask = set(request.update_mask.paths)
    fields: dict[str, Any] = {
        name: getattr(request, name) for name in _SCALARS if request.HasField(name) or name in mask
    }
    if request.HasField("max_runs") or "max_runs" in mask:
        fields["max_runs"] = request.max_runs or None  # 0: no cap
    if request.HasField("expires_at") or "expires_at" in mask:
        fields["expires_at"] = optional_time(request, "expires_at")
    return fields


def visitor_address() -> str:
    """The client as Envoy saw it (`use_remote_address`: not what the client claims)."""
    return request_context.current().client_address


class ShareLinkApi(share_links_pb2_grpc.ShareLinkServiceServicer):
    def __init__(self, ctx: share_links.Context) -> None:
        self.ctx = ctx

    async def CreateShareLink(
        self, request: pb.CreateShareLinkRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateShareLinkResponse:
        settings = Settings(
            label=request.label,
            greeting=request.greeting,
            max_runs=request.max_runs or None,
            runs_per_minute=request.runs_per_minute or DEFAULT_RUNS_PER_MINUTE,
            visitor_runs_per_minute=request.visitor_runs_per_minute
            or DEFAULT_VISITOR_RUNS_PER_MINUTE,
            expires_at=optional_time(request, "expires_at"),
        )
        made = await share_links.create(self.ctx, caller(), uuid.UUID(request.agent_id), settings)
        return pb.CreateShareLinkResponse(share_link=link(made))

    async def ListShareLinks(
        self, request: pb.ListShareLinksRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListShareLinksResponse:
        page = await share_links.list_links(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.page_size, request.page_token
        )
        return pb.ListShareLinksResponse(
            share_links=[link(found) for found in page.items], next_page_token=page.next_page_token
        )

    async def UpdateShareLink(
        self, request: pb.UpdateShareLinkRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateShareLinkResponse:
        saved = await share_links.update(self.ctx, caller(), request.share_id, _changes(request))
        return pb.UpdateShareLinkResponse(share_link=link(saved))

    async def RevokeShareLink(
        self, request: pb.RevokeShareLinkRequest, context: grpc.aio.ServicerContext
    ) -> pb.RevokeShareLinkResponse:
        revoked = await share_links.revoke(self.ctx, caller(), request.share_id)
        return pb.RevokeShareLinkResponse(share_link=link(revoked))

    async def DeleteShareLink(
        self, request: pb.DeleteShareLinkRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteShareLinkResponse:
        await share_links.delete(self.ctx, caller(), request.share_id)
        return pb.DeleteShareLinkResponse()


class SharedAgentApi(share_links_pb2_grpc.SharedAgentServiceServicer):
    """The visitors' side: whoever calls is a visitor (a credential, if sent, is ignored)."""

    def __init__(self, ctx: share_links.Context, watcher: Watcher, database: Database) -> None:
        self.ctx = ctx
        self.watcher = watcher
        self.database = database

    async def GetSharedAgent(
        self, request: pb.GetSharedAgentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSharedAgentResponse:
        shared = await share_links.view(self.ctx, request.share_id)
        agent = shared.agent
        return pb.GetSharedAgentResponse(
            agent=pb.SharedAgent(
                share_id=shared.link.id, name=agent.name, description=agent.description,
                avatar_url=agent.avatar_url, greeting=shared.link.greeting,
                expires_at=timestamp(shared.link.expires_at),
            )
        )  # fmt: skip

    async def StartSharedRun(
        self, request: pb.StartSharedRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartSharedRunResponse:
        started = await share_links.start(
            self.ctx, request.share_id, visitor_address(), request.input
        )
        return pb.StartSharedRunResponse(run=shared_run(started.run), run_token=started.token)

    async def GetSharedRun(
        self, request: pb.GetSharedRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSharedRunResponse:
        found = await share_links.visitor_run(
            self.ctx, request.share_id, uuid.UUID(request.run_id), request.run_token
        )
        return pb.GetSharedRunResponse(run=shared_run(found))

    async def StreamSharedRunEvents(
        self, request: pb.StreamSharedRunEventsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[httpbody_pb2.HttpBody]:
        run_id = uuid.UUID(request.run_id)
        # A stream has no unit of work of its own (the RPC layer opens one for unary calls).
        async with self.database.scope(read_only=True):
            await share_links.visitor_run(self.ctx, request.share_id, run_id, request.run_token)
        after = run_convert.resume_point(context.invocation_metadata(), request.after)
        first = True
        async for event in self.watcher.follow(run_id, after):
            # The transcoder takes the content type from the first message.
            yield httpbody_pb2.HttpBody(
                content_type="text/event-stream" if first else "",
                data=run_convert.sse_frame(event),
            )
            first = False

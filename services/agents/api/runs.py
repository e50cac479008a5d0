"""agents's RunService and ThreadService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import grpc
from google.api import httpbody_pb2
from opentelemetry import propagate

from keel.agents.v1 import runs_pb2 as pb
from keel.agents.v1 import runs_pb2_grpc
from keel_runtime.convert import optional_uuid
from keel_runtime.db import Database
from services.agents.api import run_convert as convert
from services.agents.api.convert import caller
from services.agents.domain import runs, threads
from services.agents.domain.events import Watcher


def traceparent() -> str:
    """The current span's W3C traceparent, for the worker to continue the trace."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent", "")


class RunApi(runs_pb2_grpc.RunServiceServicer):
    def __init__(self, ctx: runs.Context, watcher: Watcher, database: Database) -> None:
        self.ctx = ctx
        self.watcher = watcher
        self.database = database

    async def _visible(self, run_id: uuid.UUID) -> None:
        """The caller may see the run (a stream has no unit of work of its own: the RPC
        layer opens one for unary calls only, so the check opens its own)."""
        async with self.database.scope(read_only=True):
            await runs.get(self.ctx, caller(), run_id)

    async def StartRun(
        self, request: pb.StartRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartRunResponse:
        asked = runs.Start(
            agent_id=uuid.UUID(request.agent_id),
            input=request.input,
            org_id=optional_uuid(request.org_id),
            thread_id=optional_uuid(request.thread_id),
            metadata=convert.metadata(request),
            idempotency_key=request.idempotency_key,
            budget_credits=Decimal(request.budget_credits) if request.budget_credits else None,
            timeout_seconds=request.timeout_seconds,
            busy_thread=convert.BUSY_THREAD[request.busy_thread],
        )
        started = await runs.start(self.ctx, caller(), asked)
        return pb.StartRunResponse(run=convert.run(started))

    async def GetRun(
        self, request: pb.GetRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetRunResponse:
        found = await runs.get(self.ctx, caller(), uuid.UUID(request.run_id))
        return pb.GetRunResponse(run=convert.run(found))

    async def ListRuns(
        self, request: pb.ListRunsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListRunsResponse:
        page = await runs.list_runs(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.page_size, request.page_token
        )
        return pb.ListRunsResponse(
            runs=[convert.run(r) for r in page.items], next_page_token=page.next_page_token
        )

    async def CancelRun(
        self, request: pb.CancelRunRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelRunResponse:
        cancelled = await runs.cancel(self.ctx, caller(), uuid.UUID(request.run_id))
        return pb.CancelRunResponse(run=convert.run(cancelled))

    async def SubmitToolOutputs(
        self, request: pb.SubmitToolOutputsRequest, context: grpc.aio.ServicerContext
    ) -> pb.SubmitToolOutputsResponse:
        decisions = {
            o.tool_call_id: (convert.DECISIONS[o.decision], o.output) for o in request.tool_outputs
        }
        answered = await runs.submit_tool_outputs(
            self.ctx, caller(), uuid.UUID(request.run_id), decisions
        )
        return pb.SubmitToolOutputsResponse(run=convert.run(answered))

    async def ListRunEvents(
        self, request: pb.ListRunEventsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListRunEventsResponse:
        run_id = uuid.UUID(request.run_id)
        await runs.get(self.ctx, caller(), run_id)
        found = await self.watcher.page(run_id, request.after, request.page_size or 100)
        return pb.ListRunEventsResponse(
            events=[convert.event(e) for e in found],
            complete=bool(found) and found[-1].terminal,
        )

    async def WatchRun(
        self, request: pb.WatchRunRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.WatchRunResponse]:
        run_id = uuid.UUID(request.run_id)
        await self._visible(run_id)
        async for event in self.watcher.follow(run_id, request.after):
            yield pb.WatchRunResponse(event=convert.event(event))

    async def StreamRunEvents(
        self, request: pb.StreamRunEventsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[httpbody_pb2.HttpBody]:
        run_id = uuid.UUID(request.run_id)
        await self._visible(run_id)
        after = convert.resume_point(context.invocation_metadata(), request.after)
        first = True
        async for event in self.watcher.follow(run_id, after):
            frame = convert.sse_frame(event)
            # The transcoder takes the content type from the first message.
            yield httpbody_pb2.HttpBody(
                content_type="text/event-stream" if first else "", data=frame
            )
            first = False


class ThreadApi(runs_pb2_grpc.ThreadServiceServicer):
    def __init__(self, ctx: threads.Context) -> None:
        self.ctx = ctx

    async def CreateThread(
        self, request: pb.CreateThreadRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateThreadResponse:
        made = await threads.create(
            self.ctx, caller(), optional_uuid(request.org_id), convert.metadata(request)
        )
        return pb.CreateThreadResponse(thread=convert.thread(made))

    async def GetThread(
        self, request: pb.GetThreadRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetThreadResponse:
        found = await threads.get(self.ctx, caller(), uuid.UUID(request.thread_id))
        return pb.GetThreadResponse(thread=convert.thread(found))

    async def ListThreads(
        self, request: pb.ListThreadsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListThreadsResponse:
        page = await threads.list_threads(
            self.ctx, caller(), optional_uuid(request.org_id), request.page_size,
            request.page_token,
        )  # fmt: skip
        return pb.ListThreadsResponse(
            threads=[convert.thread(t) for t in page.items], next_page_token=page.next_page_token
        )

    async def ListThreadMessages(
        self, request: pb.ListThreadMessagesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListThreadMessagesResponse:
        page = await threads.messages(
            self.ctx, caller(), uuid.UUID(request.thread_id), request.page_size,
            request.page_token,
        )  # fmt: skip
        return pb.ListThreadMessagesResponse(
            messages=[convert.message(m) for m in page.items],
            next_page_token=page.next_page_token,
        )

"""catalog's SubmissionService and SubmissionReviewService: protobuf in, domain call,
protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.catalog.v1 import submissions_pb2 as pb
from keel.catalog.v1 import submissions_pb2_grpc
from keel_runtime.convert import optional_uuid
from services.catalog.api import convert
from services.catalog.api.convert import caller
from services.catalog.domain import submissions
from services.catalog.domain.submissions import Context, Filters, Proposal


class SubmissionApi(submissions_pb2_grpc.SubmissionServiceServicer):
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def CreateSubmission(
        self, request: pb.CreateSubmissionRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateSubmissionResponse:
        proposal = Proposal(
            agent_id=uuid.UUID(request.agent_id),
            name=request.name,
            description=request.description,
            category=request.category,
            use_cases=list(request.use_cases),
            tags=list(request.tags),
        )
        created = await submissions.submit(self.ctx, caller(), proposal)
        return pb.CreateSubmissionResponse(submission=convert.submission(created))

    async def ListSubmissions(
        self, request: pb.ListSubmissionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListSubmissionsResponse:
        page = await submissions.list_own(
            self.ctx,
            caller(),
            optional_uuid(request.org_id),
            convert.STATES.get(request.state),
            request.page_size,
            request.page_token,
        )
        return pb.ListSubmissionsResponse(
            submissions=[convert.submission(s) for s in page.items],
            next_page_token=page.next_page_token,
        )

    async def GetSubmission(
        self, request: pb.GetSubmissionRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSubmissionResponse:
        found = await submissions.get(self.ctx, caller(), uuid.UUID(request.submission_id))
        return pb.GetSubmissionResponse(submission=convert.submission(found))

    async def WithdrawSubmission(
        self, request: pb.WithdrawSubmissionRequest, context: grpc.aio.ServicerContext
    ) -> pb.WithdrawSubmissionResponse:
        withdrawn = await submissions.withdraw(self.ctx, caller(), uuid.UUID(request.submission_id))
        return pb.WithdrawSubmissionResponse(submission=convert.submission(withdrawn))


class SubmissionReviewApi(submissions_pb2_grpc.SubmissionReviewServiceServicer):
    """Platform administrators only (identity's `platform.admin`)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def ListAllSubmissions(
        self, request: pb.ListAllSubmissionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListAllSubmissionsResponse:
        filters = Filters(
            state=convert.STATES.get(request.state),
            org_id=optional_uuid(request.org_id),
            agent_id=optional_uuid(request.agent_id),
            submitted_by=optional_uuid(request.submitted_by),
            category=request.category or None,
        )
        page = await submissions.list_all(self.ctx, filters, request.page_size, request.page_token)
        return pb.ListAllSubmissionsResponse(
            submissions=[convert.submission(s) for s in page.items],
            next_page_token=page.next_page_token,
        )

    async def GetSubmissionStats(
        self, request: pb.GetSubmissionStatsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSubmissionStatsResponse:
        counts = await submissions.stats(self.ctx)
        return pb.GetSubmissionStatsResponse(**counts, total=sum(counts.values()))

    async def ApproveSubmission(
        self, request: pb.ApproveSubmissionRequest, context: grpc.aio.ServicerContext
    ) -> pb.ApproveSubmissionResponse:
        approved, template = await submissions.approve(
            self.ctx, caller(), uuid.UUID(request.submission_id), request.notes
        )
        return pb.ApproveSubmissionResponse(
            submission=convert.submission(approved), template=convert.template(template)
        )

    async def RejectSubmission(
        self, request: pb.RejectSubmissionRequest, context: grpc.aio.ServicerContext
    ) -> pb.RejectSubmissionResponse:
        rejected = await submissions.reject(
            self.ctx, caller(), uuid.UUID(request.submission_id), request.reason
        )
        return pb.RejectSubmissionResponse(submission=convert.submission(rejected))

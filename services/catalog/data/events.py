"""catalog's events, written to its outbox in the transaction of the change (the domain's
`TemplateEvents`); payloads are keel.catalog.v1 events.proto messages."""

from __future__ import annotations

import uuid

from google.protobuf.message import Message

from keel.catalog.v1 import events_pb2, templates_pb2
from keel_runtime import db, events
from services.catalog.domain.submissions import Submission
from services.catalog.domain.templates import Template, Version

SOURCE = "catalog"
CREATED = "template.created"
VERSION_PUBLISHED = "template.version_published"
DELETED = "template.deleted"
SUBMITTED = "template.submitted"
APPROVED = "template.approved"
REJECTED = "template.rejected"

_VISIBILITY = {
    "public": templates_pb2.VISIBILITY_PUBLIC,
    "organization": templates_pb2.VISIBILITY_ORGANIZATION,
    "private": templates_pb2.VISIBILITY_PRIVATE,
}


def _text(value: uuid.UUID | None) -> str:
    return str(value) if value is not None else ""


class OutboxEvents:
    async def created(self, template: Template) -> None:
        payload = events_pb2.TemplateCreated(
            template_id=str(template.id),
            slug=template.slug,
            name=template.name,
            category=template.category,
            visibility=_VISIBILITY[template.visibility],
            official=template.official,
            owner_org_id=_text(template.owner_org_id),
            created_by=_text(template.created_by),
        )
        if template.forked_from_template_id is not None:
            payload.forked_from.template_id = str(template.forked_from_template_id)
            payload.forked_from.version = template.forked_from_version or 0
        await self._publish(CREATED, payload, template)

    async def version_published(self, template: Template, version: Version) -> None:
        payload = events_pb2.TemplateVersionPublished(
            template_id=str(template.id),
            version=version.number,
            notes=version.notes,
            owner_org_id=_text(template.owner_org_id),
            created_by=_text(version.created_by),
        )
        await self._publish(VERSION_PUBLISHED, payload, template)

    async def deleted(self, template: Template, deleted_by: uuid.UUID | None) -> None:
        payload = events_pb2.TemplateDeleted(
            template_id=str(template.id),
            owner_org_id=_text(template.owner_org_id),
            deleted_by=_text(deleted_by),
        )
        await self._publish(DELETED, payload, template)

    async def _publish(
        self,
        type: str,
        payload: events_pb2.TemplateCreated
        | events_pb2.TemplateVersionPublished
        | events_pb2.TemplateDeleted,
        template: Template,
    ) -> None:
        await _publish(type, payload, template.owner_org_id)


class SubmissionOutboxEvents:
    """The domain's `SubmissionEvents`: for notifications (the submitter, the reviewers)."""

    async def submitted(self, submission: Submission) -> None:
        payload = events_pb2.TemplateSubmitted(
            submission_id=str(submission.id),
            agent_id=str(submission.agent_id),
            agent_version=submission.agent_version,
            org_id=str(submission.org_id),
            submitted_by=str(submission.submitted_by),
            name=submission.name,
            category=submission.category,
        )
        await _publish(SUBMITTED, payload, submission.org_id)

    async def approved(self, submission: Submission, new_template: bool) -> None:
        payload = events_pb2.TemplateApproved(
            submission_id=str(submission.id),
            agent_id=str(submission.agent_id),
            org_id=str(submission.org_id),
            submitted_by=str(submission.submitted_by),
            reviewed_by=_text(submission.reviewed_by),
            template_id=_text(submission.template_id),
            template_version=submission.template_version or 0,
            new_template=new_template,
        )
        await _publish(APPROVED, payload, submission.org_id)

    async def rejected(self, submission: Submission) -> None:
        payload = events_pb2.TemplateRejected(
            submission_id=str(submission.id),
            agent_id=str(submission.agent_id),
            org_id=str(submission.org_id),
            submitted_by=str(submission.submitted_by),
            reviewed_by=_text(submission.reviewed_by),
            reason=submission.rejection_reason,
        )
        await _publish(REJECTED, payload, submission.org_id)


async def _publish(type: str, payload: Message, org_id: uuid.UUID | None) -> None:
    await events.publish(
        db.session(), source=SOURCE, type=type, payload=payload, org_id=_text(org_id)
    )

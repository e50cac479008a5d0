"""catalog's TemplateService and TemplateUsageService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import grpc

from keel.catalog.v1 import templates_pb2 as pb
from keel.catalog.v1 import templates_pb2_grpc
from keel_runtime.convert import optional_uuid
from services.catalog.api import convert
from services.catalog.api.convert import CallerPermissions, caller
from services.catalog.data.events import OutboxEvents
from services.catalog.data.search import SearchRepository
from services.catalog.data.templates import TemplateRepository, UseRepository
from services.catalog.domain import search, templates, usage
from services.catalog.domain.templates import Changes, Draft, Fork
from services.catalog.domain.usage import ViewCounter

_SCALARS = ("name", "slug", "description", "category", "icon", "color")


@dataclass
class Deps:
    views: ViewCounter
    templates: TemplateRepository
    search: SearchRepository
    uses: UseRepository
    events: OutboxEvents
    permissions: CallerPermissions

    @classmethod
    def build(cls, views: ViewCounter) -> Deps:
        return cls(
            views,
            TemplateRepository(),
            SearchRepository(),
            UseRepository(),
            OutboxEvents(),
            CallerPermissions(),
        )


def _changes(request: pb.UpdateTemplateRequest) -> Changes:
    """What a PATCH sets: the fields present in it, and those its update_mask names."""
    mask = set(request.update_mask.paths)
    fields: dict[str, Any] = {
        name: getattr(request, name) for name in _SCALARS if request.HasField(name) or name in mask
    }
    if request.tags or "tags" in mask:
        fields["tags"] = list(request.tags)
    if request.visibility or "visibility" in mask:
        fields["visibility"] = convert.visibility_name(request.visibility)
    config = None
    if request.HasField("config") or "config" in mask:
        config = convert.config_dict(request.config)
    return Changes(fields, config, request.version_notes)


def _filters(request: pb.ListTemplatesRequest) -> search.Filters:
    return search.Filters(
        category=request.category or None,
        tags=tuple(dict.fromkeys(request.tags)),
        official=request.official if request.HasField("official") else None,
        owner_org_id=optional_uuid(request.org_id),
        creator_id=optional_uuid(request.creator_id),
    )


class TemplateApi(templates_pb2_grpc.TemplateServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def ListTemplates(
        self, request: pb.ListTemplatesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListTemplatesResponse:
        d = self.deps
        asked = search.Request(
            query=request.query,
            filters=_filters(request),
            sort=convert.SORTS.get(request.sort),
            page_size=request.page_size,
            page_token=request.page_token,
            facets=request.include_facets,
        )
        found = await search.search(d.search, d.permissions, caller(), asked)
        response = pb.ListTemplatesResponse(
            templates=[convert.template(t) for t in found.page.items],
            next_page_token=found.page.next_page_token,
        )
        if found.facets is not None:
            response.facets.CopyFrom(convert.facets(found.facets))
        return response

    async def GetTemplate(
        self, request: pb.GetTemplateRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTemplateResponse:
        d = self.deps
        found = await templates.get(
            d.templates, d.permissions, caller(), uuid.UUID(request.template_id)
        )
        d.views.add(found.id)
        return pb.GetTemplateResponse(template=convert.template(found))

    async def CreateTemplate(
        self, request: pb.CreateTemplateRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateTemplateResponse:
        d = self.deps
        draft = Draft(
            name=request.name,
            slug=request.slug,
            description=request.description,
            category=request.category,
            tags=list(request.tags),
            icon=request.icon,
            color=request.color,
            visibility=convert.VISIBILITY.get(request.visibility),
            official=request.official,
            org_id=optional_uuid(request.org_id),
            config=convert.config_dict(request.config),
            version_notes=request.version_notes,
        )
        created = await templates.create(d.templates, d.events, d.permissions, caller(), draft)
        return pb.CreateTemplateResponse(template=convert.template(created))

    async def UpdateTemplate(
        self, request: pb.UpdateTemplateRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateTemplateResponse:
        d = self.deps
        updated, published = await templates.update(
            d.templates,
            d.events,
            d.permissions,
            caller(),
            uuid.UUID(request.template_id),
            _changes(request),
        )
        return pb.UpdateTemplateResponse(
            template=convert.template(updated), version_published=published
        )

    async def DeleteTemplate(
        self, request: pb.DeleteTemplateRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteTemplateResponse:
        d = self.deps
        template_id = uuid.UUID(request.template_id)
        await templates.delete(d.templates, d.events, d.permissions, caller(), template_id)
        return pb.DeleteTemplateResponse()

    async def ListTemplateVersions(
        self, request: pb.ListTemplateVersionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListTemplateVersionsResponse:
        d = self.deps
        page = await templates.list_versions(
            d.templates,
            d.permissions,
            caller(),
            uuid.UUID(request.template_id),
            request.page_size,
            request.page_token,
        )
        return pb.ListTemplateVersionsResponse(
            versions=[convert.version(v) for v in page.items],
            next_page_token=page.next_page_token,
        )

    async def GetTemplateVersion(
        self, request: pb.GetTemplateVersionRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTemplateVersionResponse:
        d = self.deps
        found = await templates.get_version(
            d.templates, d.permissions, caller(), uuid.UUID(request.template_id), request.version
        )
        return pb.GetTemplateVersionResponse(version=convert.version(found))

    async def ForkTemplate(
        self, request: pb.ForkTemplateRequest, context: grpc.aio.ServicerContext
    ) -> pb.ForkTemplateResponse:
        d = self.deps
        asked = Fork(
            template_id=uuid.UUID(request.template_id),
            version=request.version,
            org_id=optional_uuid(request.org_id),
            name=request.name,
            slug=request.slug,
            visibility=convert.VISIBILITY.get(request.visibility),
        )
        forked = await templates.fork(d.templates, d.events, d.permissions, caller(), asked)
        return pb.ForkTemplateResponse(template=convert.template(forked))


class TemplateUsageApi(templates_pb2_grpc.TemplateUsageServiceServicer):
    """For the agents service only (the contract's `callers`)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def GetTemplateConfig(
        self, request: pb.GetTemplateConfigRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTemplateConfigResponse:
        d = self.deps
        template, version = await usage.config_for(
            d.templates,
            d.permissions,
            caller(),
            uuid.UUID(request.template_id),
            uuid.UUID(request.org_id),
            request.version,
        )
        return pb.GetTemplateConfigResponse(
            template_id=str(template.id),
            version=version.number,
            name=template.name,
            category=template.category,
            config=convert.config_message(version.config),
        )

    async def RecordTemplateUse(
        self, request: pb.RecordTemplateUseRequest, context: grpc.aio.ServicerContext
    ) -> pb.RecordTemplateUseResponse:
        d = self.deps
        recorded, count = await usage.record_use(
            d.templates,
            d.uses,
            d.permissions,
            caller(),
            uuid.UUID(request.template_id),
            uuid.UUID(request.org_id),
            uuid.UUID(request.agent_id),
            request.version,
        )
        return pb.RecordTemplateUseResponse(recorded=recorded, use_count=count)

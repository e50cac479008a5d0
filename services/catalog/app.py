"""catalog wired onto the shared runtime."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import cast

import grpc

from keel.catalog.v1 import (
    catalog_pb2,
    catalog_pb2_grpc,
    submissions_pb2,
    submissions_pb2_grpc,
    templates_pb2,
    templates_pb2_grpc,
)
from keel_runtime.server import Runtime, ServiceSpec
from services.catalog.api import CatalogApi
from services.catalog.api.convert import contract_rules
from services.catalog.api.submissions import SubmissionApi, SubmissionReviewApi
from services.catalog.api.templates import Deps, TemplateApi, TemplateUsageApi
from services.catalog.config import CatalogConfig
from services.catalog.data.agents import SubmittedAgents
from services.catalog.data.events import SubmissionOutboxEvents
from services.catalog.data.submissions import SubmissionRepository
from services.catalog.data.templates import add_views
from services.catalog.domain import submissions
from services.catalog.domain.usage import ViewCounter


def register(server: grpc.aio.Server, runtime: Runtime) -> None:
    config = cast(CatalogConfig, runtime.config)
    views = ViewCounter(partial(add_views, runtime.database), config.view_flush_seconds)
    deps = Deps.build(views)
    catalog_pb2_grpc.add_CatalogServiceServicer_to_server(CatalogApi(), server)
    templates_pb2_grpc.add_TemplateServiceServicer_to_server(TemplateApi(deps), server)
    templates_pb2_grpc.add_TemplateUsageServiceServicer_to_server(TemplateUsageApi(deps), server)
    review = submissions.Context(
        submissions=SubmissionRepository(),
        agents=SubmittedAgents(),
        events=SubmissionOutboxEvents(),
        templates=deps.templates,
        template_events=deps.events,
        permissions=deps.permissions,
        contract_rules=contract_rules,
    )
    submissions_pb2_grpc.add_SubmissionServiceServicer_to_server(SubmissionApi(review), server)
    submissions_pb2_grpc.add_SubmissionReviewServiceServicer_to_server(
        SubmissionReviewApi(review), server
    )
    runtime.tasks.append(views.run)


SPEC = ServiceSpec(
    name="catalog",
    migrations=Path(__file__).parent / "data" / "migrations",
    register=register,
    grpc_services=[
        service.full_name
        for module in (catalog_pb2, templates_pb2, submissions_pb2)
        for service in module.DESCRIPTOR.services_by_name.values()
    ],
    load_config=CatalogConfig.from_env,
)

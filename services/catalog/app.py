"""catalog wired onto the shared runtime."""

from pathlib import Path

import grpc

from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel_runtime.server import Runtime, ServiceSpec
from services.catalog.api import CatalogApi
from services.catalog.config import CatalogConfig


def register(server: grpc.aio.Server, runtime: Runtime) -> None:
    catalog_pb2_grpc.add_CatalogServiceServicer_to_server(CatalogApi(), server)


SPEC = ServiceSpec(
    name="catalog",
    migrations=Path(__file__).parent / "data" / "migrations",
    register=register,
    grpc_services=[catalog_pb2.DESCRIPTOR.services_by_name["CatalogService"].full_name],
    load_config=CatalogConfig.from_env,
)

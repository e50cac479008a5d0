"""catalog's CatalogService (template categories): protobuf in, domain call, protobuf out."""

from __future__ import annotations

import grpc

from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from services.catalog.data.repository import CategoryRepository
from services.catalog.domain import categories as domain


def _category(category: domain.Category) -> catalog_pb2.Category:
    return catalog_pb2.Category(
        slug=category.slug,
        name=category.name,
        description=category.description,
        icon=category.icon,
        sort_order=category.sort_order,
    )


class CatalogApi(catalog_pb2_grpc.CatalogServiceServicer):
    async def ListCategories(
        self, request: catalog_pb2.ListCategoriesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListCategoriesResponse:
        page = await domain.list_categories(
            CategoryRepository(), request.page_size, request.page_token
        )
        return catalog_pb2.ListCategoriesResponse(
            categories=[_category(c) for c in page.items], next_page_token=page.next_page_token
        )

    async def GetCategory(
        self, request: catalog_pb2.GetCategoryRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GetCategoryResponse:
        category = await domain.get_category(CategoryRepository(), request.slug)
        return catalog_pb2.GetCategoryResponse(category=_category(category))

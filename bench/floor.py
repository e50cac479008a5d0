"""The bare floor of catalog's read: `ListCategories` on grpc.aio + asyncpg, nothing else.

    python -m bench.floor --port PORT --database-url postgresql://…

The same query and reply as catalog's first page, without the Keel runtime: no
interceptor, no SQLAlchemy session or transaction, no validation, tracing or metrics.
What catalog costs above this is what the runtime and its data layer cost per call.
The monolith anchor (`bench.monolith`) reads through `first_page` too.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
from collections.abc import Sequence

import asyncpg
import grpc

from bench.echo import serve_until_stopped
from keel.catalog.v1 import catalog_pb2

SERVICE = catalog_pb2.DESCRIPTOR.services_by_name["CatalogService"].full_name

# catalog's first page (services/catalog/data/repository.py, services/catalog/domain.py):
# size+1 rows tell whether there is a next page.
CATEGORIES_SQL = (
    "SELECT slug, name, description, icon, sort_order FROM categories "
    "ORDER BY sort_order, slug LIMIT $1"
)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# What catalog's SQLAlchemy pool allows (pool_size 10 + max_overflow 10).
POOL_MIN, POOL_MAX = 10, 20


async def create_pool(database_url: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(database_url, min_size=POOL_MIN, max_size=POOL_MAX)


async def first_page(pool: asyncpg.Pool, page_size: int) -> tuple[Sequence[asyncpg.Record], str]:
    """The first page of categories and its next_page_token (empty when all fit). Page
    tokens are not read: both anchors only serve the first page, as the bench asks."""
    size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    rows = await pool.fetch(CATEGORIES_SQL, size + 1)
    if len(rows) <= size:
        return rows, ""
    last = rows[size - 1]  # catalog's token: URL-safe base64 of the last sort key's JSON
    key = json.dumps([last["sort_order"], last["slug"]]).encode()
    return rows[:size], base64.urlsafe_b64encode(key).decode()


def handler(pool: asyncpg.Pool) -> grpc.GenericRpcHandler:
    """CatalogService with ListCategories only (the one call the bench makes), registered
    as the generated `add_CatalogServiceServicer_to_server` would: the same (de)serializers."""

    async def list_categories(
        request: catalog_pb2.ListCategoriesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListCategoriesResponse:
        rows, token = await first_page(pool, request.page_size)
        return catalog_pb2.ListCategoriesResponse(
            categories=[catalog_pb2.Category(**row) for row in rows], next_page_token=token
        )

    method = grpc.unary_unary_rpc_method_handler(
        list_categories,
        request_deserializer=catalog_pb2.ListCategoriesRequest.FromString,
        response_serializer=catalog_pb2.ListCategoriesResponse.SerializeToString,
    )
    return grpc.method_handlers_generic_handler(SERVICE, {"ListCategories": method})


async def serve(host: str, port: int, database_url: str) -> None:
    pool = await create_pool(database_url)
    try:
        await serve_until_stopped("floor", host, port, (handler(pool),))
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True, help="postgresql://user:pw@host/db")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.host, args.port, args.database_url))


if __name__ == "__main__":
    main()

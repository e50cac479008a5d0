"""The monolith anchor: `GET /v1/templates/categories` on FastAPI + asyncpg under uvicorn.

    python -m bench.monolith --port PORT --database-url postgresql://…

What the same read costs written the usual Python way, as one web process: no Envoy, no
gRPC hop. The query is the floor's (`bench.floor.first_page`) and the JSON is what
Envoy's transcoder returns (the protos' field names, every field printed, so an empty
`next_page_token` shows as ""). uvicorn with uvloop and httptools, one worker, no access
log: its fastest ordinary setup.

FastAPI and uvicorn come from the `bench` extra (`make bench` installs it), so they are
imported only here, where they run: `make lint` type-checks this file without them.
"""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bench.floor import create_pool, first_page

PATH = "/v1/templates/categories"
EXTRA = ("fastapi", "uvicorn", "uvloop", "httptools")  # what the `bench` extra brings


def available() -> bool:
    """Whether the `bench` extra is installed (the bench skips this anchor otherwise)."""
    return all(importlib.util.find_spec(name) is not None for name in EXTRA)


def create_app(database_url: str) -> Any:
    from fastapi import FastAPI
    from pydantic import BaseModel

    # Response models as a FastAPI service declares them, mirroring keel.catalog.v1.
    class Category(BaseModel):
        slug: str
        name: str
        description: str
        icon: str
        sort_order: int

    class ListCategoriesResponse(BaseModel):
        categories: list[Category]
        next_page_token: str

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        app.state.pool = await create_pool(database_url)
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    # Plain dicts in, the response model out: returning model instances would make
    # FastAPI dump and validate them again.
    @app.get(PATH, response_model=ListCategoriesResponse)
    async def list_categories(page_size: int = 0) -> dict[str, Any]:
        rows, token = await first_page(app.state.pool, page_size)
        return {"categories": [dict(row) for row in rows], "next_page_token": token}

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.monolith", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True, help="postgresql://user:pw@host/db")
    args = parser.parse_args(argv)
    import uvicorn

    uvicorn.run(
        create_app(args.database_url),
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        workers=1,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()

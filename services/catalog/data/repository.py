from __future__ import annotations

from sqlalchemy import bindparam, select, tuple_

from keel_runtime import db
from services.catalog.data.models import CategoryRow
from services.catalog.domain.categories import Category

# Statements are compiled once (`db.Query`): per call only the parameters are bound, and
# rows map straight to the domain type. Categories are read in read-only RPCs, where they
# run on asyncpg directly (`make bench`: bench/README.md).
_COLUMNS = (
    CategoryRow.slug,
    CategoryRow.name,
    CategoryRow.description,
    CategoryRow.icon,
    CategoryRow.sort_order,
)
_DISPLAY_ORDER = (CategoryRow.sort_order, CategoryRow.slug)
_FIRST_PAGE_STATEMENT = select(*_COLUMNS).order_by(*_DISPLAY_ORDER).limit(bindparam("limit"))
_FIRST_PAGE = db.Query(_FIRST_PAGE_STATEMENT)
_NEXT_PAGE = db.Query(
    _FIRST_PAGE_STATEMENT.where(
        tuple_(*_DISPLAY_ORDER) > tuple_(bindparam("after_order"), bindparam("after_slug"))
    )
)
_BY_SLUG = db.Query(select(*_COLUMNS).where(CategoryRow.slug == bindparam("slug")))


class CategoryRepository:
    """Categories of the RPC being served (`keel_runtime.db`)."""

    async def list(self, after: tuple[int, str] | None, limit: int) -> list[Category]:
        if after is None:
            rows = await db.fetch(_FIRST_PAGE, limit=limit)
        else:
            rows = await db.fetch(
                _NEXT_PAGE, limit=limit, after_order=after[0], after_slug=after[1]
            )
        return [Category(*row) for row in rows]

    async def get(self, slug: str) -> Category | None:
        row = await db.fetchrow(_BY_SLUG, slug=slug)
        return Category(*row) if row is not None else None

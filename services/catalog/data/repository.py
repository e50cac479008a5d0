from __future__ import annotations

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from services.catalog.data.models import CategoryRow
from services.catalog.domain import Category

# Statements are built once, with bound parameters: per call SQLAlchemy only looks up the
# compiled SQL, and plain rows map straight to the domain type (no ORM identity map).
# Together these took the direct call from ~980 to ~1200 req/s (`make bench`).
_COLUMNS = (
    CategoryRow.slug,
    CategoryRow.name,
    CategoryRow.description,
    CategoryRow.icon,
    CategoryRow.sort_order,
)
_DISPLAY_ORDER = (CategoryRow.sort_order, CategoryRow.slug)
_FIRST_PAGE = select(*_COLUMNS).order_by(*_DISPLAY_ORDER).limit(bindparam("limit"))
_NEXT_PAGE = _FIRST_PAGE.where(
    tuple_(*_DISPLAY_ORDER) > tuple_(bindparam("after_order"), bindparam("after_slug"))
)
_BY_SLUG = select(*_COLUMNS).where(CategoryRow.slug == bindparam("slug"))


class CategoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, after: tuple[int, str] | None, limit: int) -> list[Category]:
        if after is None:
            rows = await self.session.execute(_FIRST_PAGE, {"limit": limit})
        else:
            params = {"limit": limit, "after_order": after[0], "after_slug": after[1]}
            rows = await self.session.execute(_NEXT_PAGE, params)
        return [Category(*row) for row in rows]

    async def get(self, slug: str) -> Category | None:
        row = (await self.session.execute(_BY_SLUG, {"slug": slug})).first()
        return Category(*row) if row is not None else None

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from services.catalog.data.models import CategoryRow
from services.catalog.domain import Category


def _category(row: CategoryRow) -> Category:
    return Category(
        slug=row.slug,
        name=row.name,
        description=row.description,
        icon=row.icon,
        sort_order=row.sort_order,
    )


class CategoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, after: tuple[int, str] | None, limit: int) -> list[Category]:
        query = select(CategoryRow).order_by(CategoryRow.sort_order, CategoryRow.slug).limit(limit)
        if after is not None:
            query = query.where(tuple_(CategoryRow.sort_order, CategoryRow.slug) > after)
        return [_category(row) for row in (await self.session.scalars(query))]

    async def get(self, slug: str) -> Category | None:
        row = await self.session.get(CategoryRow, slug)
        return _category(row) if row is not None else None

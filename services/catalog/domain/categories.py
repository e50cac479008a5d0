"""Template categories: listed in display order, or one by slug."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from keel_runtime import paging
from keel_runtime.errors import NotFound
from keel_runtime.paging import Page, PageRequest


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    description: str
    icon: str
    sort_order: int


class Categories(Protocol):
    async def list(self, after: tuple[int, str] | None, limit: int) -> list[Category]: ...

    async def get(self, slug: str) -> Category | None: ...


async def list_categories(
    categories: Categories, page_size: int, page_token: str
) -> Page[Category]:
    """Categories in display order, one page at a time (keyset on sort order and slug)."""
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(paging.int32, paging.text)
    items = await categories.list(after, page.size + 1)
    return page.result(items, key=lambda c: [c.sort_order, c.slug])


async def get_category(categories: Categories, slug: str) -> Category:
    category = await categories.get(slug)
    if category is None:
        raise NotFound(
            f"no template category with slug {slug!r}",
            reason="CATEGORY_NOT_FOUND",
            metadata={"slug": slug},
        )
    return category

"""The bench anchors read catalog's first page as catalog does (bench/floor.py)."""

from __future__ import annotations

from typing import Any

from bench.floor import first_page
from keel_runtime.paging import PageRequest


class FakePool:
    """asyncpg's `Pool.fetch` over rows already in display order."""

    def __init__(self, count: int) -> None:
        self.rows = [{"slug": f"c{i:03d}", "sort_order": i} for i in range(count)]
        self.limits: list[int] = []

    async def fetch(self, sql: str, limit: int) -> list[dict[str, Any]]:
        self.limits.append(limit)
        return self.rows[:limit]


def catalogs_token(pool: FakePool, size: int) -> str:
    page = PageRequest.parse(size, "").result(
        pool.rows[: size + 1], key=lambda r: [r["sort_order"], r["slug"]]
    )
    return page.next_page_token


async def test_all_fit_no_token() -> None:
    pool = FakePool(5)
    rows, token = await first_page(pool, 0)
    assert (len(rows), token, pool.limits) == (5, "", [51])  # catalog's default page, +1


async def test_more_rows_give_catalogs_token() -> None:
    pool = FakePool(60)
    rows, token = await first_page(pool, 0)
    assert len(rows) == 50
    assert token and token == catalogs_token(pool, 50)
    rows, token = await first_page(pool, 2)
    assert ([r["slug"] for r in rows], token) == (["c000", "c001"], catalogs_token(pool, 2))

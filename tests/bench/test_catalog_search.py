"""The catalog-search group: its corpus, its URL, its ratio, its --only group."""

from __future__ import annotations

import urllib.parse
from collections import Counter

from bench import catalog_search, cli
from bench.loadgen import Result
from bench.report import ratios
from bench.scenarios import SEARCH, SEARCH_CATEGORIES, Measurement


def test_the_corpus_is_realistic_and_the_same_every_run() -> None:
    rows = catalog_search.generate()
    assert len(rows) == catalog_search.TEMPLATES
    assert rows[:50] == catalog_search.generate()[:50]
    assert set(Counter(r["category"] for r in rows).values()) == {catalog_search.TEMPLATES // 5}
    shares = Counter(r["visibility"] for r in rows)
    assert 0.2 < shares["public"] / len(rows) < 0.3
    assert len({(r["owner_org_id"], r["slug"]) for r in rows}) == len(rows)
    assert all(2 <= len(r["tags"]) <= 6 and r["description"] for r in rows)
    assert not any("custmer" in r["description"] or "suport" in r["name"].lower() for r in rows)


def test_the_query_matches_tens_to_hundreds_of_public_templates() -> None:
    def text(r: dict[str, object]) -> str:
        return f"{r['name']} {r['description']} {' '.join(r['tags'])}".lower()  # type: ignore[arg-type]

    public = [
        r for r in catalog_search.generate()
        if r["visibility"] == "public" and r["category"] == catalog_search.CATEGORY
    ]  # fmt: skip
    matching = [r for r in public if "custom" in text(r) and "support" in text(r)]
    low, high = catalog_search.MATCHES
    assert low <= len(matching) <= high


def test_the_url_uses_the_request_fields() -> None:
    path, _, query = catalog_search.SEARCH_PATH.partition("?")
    assert path == "/v1/templates"
    assert urllib.parse.parse_qs(query) == {
        "query": ["custmer suport"],
        "category": ["customer-service"],
    }


def _measured(name: str, round_: int, rps: float) -> Measurement:
    return Measurement(name, round_, Result(100, rps, 1.0, 2.0, 0, "wrk"), 8.0, {})


def test_the_ratio_is_search_over_the_categories_read() -> None:
    measurements = [
        _measured(name, round_, rps)
        for round_, search in ((1, 300.0), (2, 600.0))
        for name, rps in ((SEARCH, search), (SEARCH_CATEGORIES, 1000.0))
    ]
    best = {m.scenario: m for m in measurements if m.round == 2}
    found = {r.name: r for r in ratios(best, measurements)}["search/categories read"]
    assert (found.value, found.goal, found.verdict, found.rounds) == (0.6, 0.5, "PASS", (0.3, 0.6))


def test_only_catalog_search_is_a_group() -> None:
    args = cli._parse(["--only", "catalog-search", "--quick"])
    assert args.only == ["catalog-search"] and "catalog-search" in cli.GROUPS

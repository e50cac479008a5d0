"""The search statements (the domain's `Search`): one for a page, one for its facets.

A page is one statement whatever the options (sort, filters, words or none, first page or
not): each combination is compiled once (`db.Query`) and runs on asyncpg directly.
- Visibility is part of every statement: public templates, plus the organization
  templates of the scope's organization and the scope user's private ones there. An
  anonymous scope's statements say public only (the same templates), so that its words
  are matched through the public templates' own GIN index.
- Words: each matches itself as a prefix, through the GIN index on `templates.search`.
  A word no template the caller may see contains (`template_words`, per audience) also
  matches the most similar words that they do contain (trigram index; similarity at
  least `MIN_SIMILARITY`): a typo costs a trigram lookup, a known word one probe. Stop
  words drop out. Rank: ts_rank of the query, plus 1 when the words as typed match, so
  exact matches come first.
- A search's corrections are kept for `CORRECTIONS_SECONDS` per audience and words
  (`SearchRepository`): a first page of words searched lately matches the corrections it
  found then, skipping the trigram lookups (a third of the statement's time); a word that
  enters the vocabulary meanwhile is offered as a correction that much later.
- The facet statement counts, with the same conditions, per category and per tag.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from keel_runtime import db
from keel_runtime.cache import FactCache
from services.catalog.data.templates import COUNTS, SUMMARY, summary
from services.catalog.domain.search import (
    MAX_ALTERNATIVES,
    NEWEST,
    POPULAR,
    RELEVANCE,
    Facets,
    Filters,
    Hit,
    Scope,
    Terms,
)

MIN_SIMILARITY = 0.4
CORRECTIONS_SECONDS = 60.0
NIL = "00000000-0000-0000-0000-000000000000"  # the audience of public templates' words
TOP_TAGS = 50

_COLUMNS = ", ".join(f"t.{c.key}" for c in (*SUMMARY, *COUNTS))

# The words' corrections, found in the statement itself (a first page), or given (the
# corrections a first page found, carried by its token).
_SCOPES = f"ARRAY['{NIL}'::uuid, CAST(:scope_org AS uuid), CAST(:scope_user AS uuid)]"
_CORRECTED = f"""
words AS (
  SELECT w, i FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS u(w, i)
  WHERE numnode(to_tsquery('english', w)) > 0
), terms AS (
  SELECT array_agg(alternatives ORDER BY i) AS expansions FROM (
    SELECT i, array_to_string(w || CASE
      WHEN length(w) < 3 OR EXISTS (
        SELECT FROM template_word_scopes e WHERE e.word = w AND e.scope = ANY({_SCOPES}))
      THEN ARRAY[]::text[]
      ELSE ARRAY(
        SELECT v.word FROM template_words v
        WHERE v.word % w AND similarity(v.word, w) >= {MIN_SIMILARITY} AND EXISTS (
          SELECT FROM template_word_scopes e WHERE e.word = v.word AND e.scope = ANY({_SCOPES}))
        ORDER BY similarity(v.word, w) DESC, v.word
        LIMIT {MAX_ALTERNATIVES - 1})
      END, ' ') AS alternatives
    FROM words) per_word
)"""
_GIVEN = "terms AS (SELECT CAST(:expansions AS text[]) AS expansions)"
_QUERY = """
query AS MATERIALIZED (
  SELECT expansions,
    to_tsquery('english', (SELECT string_agg('(' || replace(x, ' ', ':* | ') || ':*)', ' & ')
                           FROM unnest(expansions) x)) AS fuzzy,
    to_tsquery('english', (SELECT string_agg(split_part(x, ' ', 1) || ':*', ' & ')
                           FROM unnest(expansions) x)) AS exact
  FROM terms
)"""

# Who sees what: public templates, and the scope's organization's (its user's private
# ones). An anonymous scope (no organization) has statements of its own that say only
# public, which is what the general condition comes to for it, so that PostgreSQL can use
# the public templates' own search index (`templates_public_search`, migration 0004).
_VISIBLE = """(t.visibility = 'public' OR (t.owner_org_id = CAST(:scope_org AS uuid)
       AND (t.visibility = 'organization' OR t.created_by = CAST(:scope_user AS uuid))))"""
_PUBLIC = "t.visibility = 'public'"
_FILTERS = """
  AND (CAST(:category AS text) IS NULL OR t.category = :category)
  AND (cardinality(CAST(:tags AS text[])) = 0 OR t.tags @> CAST(:tags AS text[]))
  AND (CAST(:official AS boolean) IS NULL OR t.official = :official)
  AND (CAST(:owner AS uuid) IS NULL OR t.owner_org_id = :owner)
  AND (CAST(:creator AS uuid) IS NULL OR t.created_by = :creator)"""


def _conditions_sql(public: bool) -> str:
    return f"t.deleted_at IS NULL\n  AND {_PUBLIC if public else _VISIBLE}{_FILTERS}"


_RANK = "ts_rank(t.search, query.fuzzy)::float8 + (t.search @@ query.exact)::int"
_ORDER = {RELEVANCE: ("rank", "float8"), POPULAR: ("use_count", "bigint"),
          NEWEST: ("created_at", "timestamptz")}  # fmt: skip


def _page_sql(sort: str, words: str | None, after: bool, public: bool = False) -> str:
    """A page's statement: `words` None (no words), "find" (correct them) or "given";
    `public`: for an anonymous scope (public templates only)."""
    key, key_type = _ORDER[sort]
    ctes, source, rank, expansions = "", "templates t", "0::float8", "NULL::text[]"
    if words is not None:
        ctes = "WITH " + (_CORRECTED if words == "find" else _GIVEN) + "," + _QUERY
        source = "templates t, query"
        rank, expansions = _RANK, "query.expansions"
    cursor = f"WHERE ({key}, id) < (CAST(:after_key AS {key_type}), CAST(:after_id AS uuid))"
    match = "AND t.search @@ query.fuzzy" if words is not None else ""
    return f"""{ctes}
SELECT * FROM (
  SELECT {_COLUMNS}, {rank} AS rank, {expansions} AS expansions
  FROM {source}
  WHERE {_conditions_sql(public)} {match}
) hits
{cursor if after else ""}
ORDER BY {key} DESC, id DESC
LIMIT :limit"""


_PAGES = {
    # Planned once when they match words (see keel_runtime.db: a third of each search's
    # time was planning); browsing needs its filters' values planned (20 times slower otherwise).
    (sort, words, after, public): db.Query(
        sa.text(_page_sql(sort, words, after, public)), generic_plan=words is not None
    )
    for sort in _ORDER
    for words in (None, "find", "given")
    for after in (False, True)
    for public in (False, True)
}


def _facets_sql(words: bool, public: bool = False) -> str:
    ctes = f"{_GIVEN},{_QUERY}," if words else ""
    source = "templates t, query" if words else "templates t"
    match = "AND t.search @@ query.fuzzy" if words else ""
    return f"""WITH {ctes} matched AS (
  SELECT t.category, t.tags FROM {source} WHERE {_conditions_sql(public)} {match}
)
SELECT 'category' AS kind, category AS value, count(*) AS n FROM matched GROUP BY category
UNION ALL
SELECT 'tag', tag, n FROM (
  SELECT tag, count(*) AS n FROM matched, unnest(matched.tags) AS tag
  GROUP BY tag ORDER BY count(*) DESC, tag LIMIT {TOP_TAGS}
) top_tags"""


_FACETS = {
    (words, public): db.Query(sa.text(_facets_sql(words, public)), generic_plan=words)
    for words in (False, True)
    for public in (False, True)
}


def _conditions(scope: Scope, filters: Filters) -> dict[str, Any]:
    return {
        "scope_org": scope.org_id,
        "scope_user": scope.user_id,
        "category": filters.category,
        "tags": list(filters.tags),
        "official": filters.official,
        "owner": filters.owner_org_id,
        "creator": filters.creator_id,
    }


def _expansions(terms: Terms) -> list[str]:
    return [" ".join(group) for group in terms.alternatives]


class SearchRepository:
    def __init__(self) -> None:
        # (organization, user, words) → the Terms a first page found for them.
        self._corrections = FactCache(CORRECTIONS_SECONDS, max_entries=10_000, store_none=False)

    async def page(
        self,
        scope: Scope,
        filters: Filters,
        sort: str,
        words: list[str] | Terms | None,
        after: tuple[Any, uuid.UUID] | None,
        limit: int,
    ) -> tuple[list[Hit], Terms | None]:
        params = _conditions(scope, filters) | {"limit": limit}
        mode = None
        asked = None
        if isinstance(words, list):
            asked = (scope.org_id, scope.user_id, tuple(words))
            words = self._corrections.peek(asked) or words
        if isinstance(words, Terms):
            mode, params["expansions"] = "given", _expansions(words)
        elif words:
            mode, params["words"] = "find", words
        if after is not None:
            params["after_key"], params["after_id"] = after
        public = scope.org_id is None
        rows = await db.fetch(_PAGES[(sort, mode, after is not None, public)], **params)
        hits = [Hit(summary(row), float(row[-2])) for row in rows]
        terms = None
        if rows and rows[0][-1] is not None:
            terms = Terms(tuple(tuple(x.split(" ")) for x in rows[0][-1]))
        if mode == "find" and asked is not None and terms is not None:
            self._corrections.put(asked, terms)
        return hits, terms

    async def facets(self, scope: Scope, filters: Filters, terms: Terms | None) -> Facets:
        params = _conditions(scope, filters)
        if terms is not None:
            params["expansions"] = _expansions(terms)
        rows = await db.fetch(_FACETS[(terms is not None, scope.org_id is None)], **params)
        categories = [(value, int(n)) for kind, value, n in rows if kind == "category"]
        tags = [(value, int(n)) for kind, value, n in rows if kind == "tag"]
        categories.sort(key=lambda c: (-c[1], c[0]))
        return Facets(categories, tags, sum(n for _, n in categories))

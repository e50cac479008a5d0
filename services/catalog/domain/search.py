"""Search and browse: which templates, in which order, one page at a time, with facets.

The query's words are matched with full-text search over name (weighted most), tags,
then description. Each word also matches the words of the catalog most similar to it
(trigrams), so a typo still finds what was meant; exact matches rank above corrected
ones. Which corrections a search uses is decided on its first page and carried in the
page token: later pages match exactly as the first did, whatever is written meanwhile.

Pages are keyset on (sort key, id), a total order that does not depend on other rows:
templates inserted while a client pages through appear or not, but never make it skip
or repeat one. (Popularity changes as agents are made: a template whose count changes
between two pages may move.)
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.errors import FieldViolation, InvalidArgument
from keel_runtime.paging import Page, PageRequest
from services.catalog.domain.access import VIEW, Caller, Permissions
from services.catalog.domain.templates import Template

RELEVANCE, POPULAR, NEWEST = "relevance", "popular", "newest"
MAX_WORDS = 8
MAX_ALTERNATIVES = 5  # a word and its corrections
# A word: letters and digits of any script (the tsquery syntax characters are neither).
_WORD = re.compile(r"[^\W_]+")
_WORD_ONLY = re.compile(r"[^\W_]{1,40}")


def words_of(text: str) -> list[str]:
    """The query's distinct words, lower-cased, in order, at most `MAX_WORDS`."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        seen.setdefault(word[:40], None)
    return list(seen)[:MAX_WORDS]


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    tags: tuple[str, ...] = ()  # all of them
    official: bool | None = None
    owner_org_id: uuid.UUID | None = None
    creator_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Scope:
    """Besides public templates, the caller sees organization `org_id`'s, and `user_id`'s
    private ones there (None: public ones only)."""

    org_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Terms:
    """Each searched word with its corrections (the word itself first)."""

    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Hit:
    template: Template  # without config
    rank: float


@dataclass(frozen=True)
class Facets:
    categories: list[tuple[str, int]]
    tags: list[tuple[str, int]]
    total: int


@dataclass(frozen=True)
class Results:
    page: Page[Template]
    facets: Facets | None


class Search(Protocol):
    """The search statements (`data.search`)."""

    async def page(
        self,
        scope: Scope,
        filters: Filters,
        sort: str,
        words: list[str] | Terms | None,
        after: tuple[Any, uuid.UUID] | None,
        limit: int,
    ) -> tuple[list[Hit], Terms | None]:
        """Matching templates in `sort` order after `after` (its sort key and id). Given
        words, the statement finds their corrections and returns them with the hits;
        given `Terms`, it matches those."""

    async def facets(self, scope: Scope, filters: Filters, terms: Terms | None) -> Facets: ...


@dataclass(frozen=True)
class Request:
    query: str = ""
    filters: Filters = Filters()
    sort: str | None = None
    page_size: int = 0
    page_token: str = ""
    facets: bool = False


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _terms(value: Any) -> bool:
    """A token's corrections: at most `MAX_WORDS` groups of words as `words_of` makes them."""
    return (
        isinstance(value, list)
        and len(value) <= MAX_WORDS
        and all(
            isinstance(group, list)
            and 1 <= len(group) <= MAX_ALTERNATIVES
            and all(isinstance(w, str) and _WORD_ONLY.fullmatch(w) for w in group)
            for group in value
        )
    )


def _bad_token() -> InvalidArgument:
    return InvalidArgument(
        "page_token is not a token this list returned for this search",
        reason="INVALID_PAGE_TOKEN",
        field_violations=[FieldViolation("page_token", "not a token of this search")],
    )


_KEYS = {RELEVANCE: _number, POPULAR: paging.int64, NEWEST: paging.timestamp}


def _sort_key(sort: str, hit: Hit) -> Any:
    if sort == RELEVANCE:
        return hit.rank
    if sort == POPULAR:
        return hit.template.use_count
    created = hit.template.created_at
    assert created is not None
    return created.isoformat()


async def scope_of(caller: Caller, filters: Filters, permissions: Permissions) -> Scope:
    """Whose non-public templates the caller sees here: those of the organization the
    filter names, else of their active one, when they may view its templates."""
    org_id = filters.owner_org_id or caller.org_id
    if org_id is None or not await permissions.allowed(org_id, VIEW):
        return Scope()
    return Scope(org_id, caller.user_id)


def _decode_sort(sort: str, cursor: tuple[Any, ...]) -> tuple[Any, uuid.UUID]:
    key, template_id = cursor[1], uuid.UUID(cursor[2])
    if sort == NEWEST:
        key = datetime.fromisoformat(key)
    return key, template_id


async def search(
    search_statements: Search, permissions: Permissions, caller: Caller, request: Request
) -> Results:
    words = words_of(request.query)
    sort = request.sort or (RELEVANCE if words else POPULAR)
    if sort == RELEVANCE and not words:
        sort = POPULAR  # nothing to be relevant to
    page = PageRequest.parse(request.page_size, request.page_token, default_size=20)
    scope = await scope_of(caller, request.filters, permissions)
    first = page.after is None
    after = None
    matching: list[str] | Terms | None = words or None
    if not first:
        # A token names its sort and carries the corrections of its search.
        cursor = page.cursor(lambda s: s == sort, _KEYS[sort], paging.uuid_text, _terms)
        assert cursor is not None
        groups = cursor[3]
        if bool(groups) != bool(words):
            raise _bad_token()
        after = _decode_sort(sort, cursor)
        matching = Terms(tuple(tuple(g) for g in groups)) if groups else None
    hits, terms = await search_statements.page(
        scope, request.filters, sort, matching, after, page.size + 1
    )
    if terms is None and isinstance(matching, Terms):
        terms = matching
    groups_out = [list(g) for g in terms.alternatives] if terms else []
    result = page.result(
        hits, key=lambda h: [sort, _sort_key(sort, h), str(h.template.id), groups_out]
    )
    facets = None
    if request.facets:
        if first and not hits:  # nothing matches (and the corrections are unknown)
            facets = Facets([], [], 0)
        else:
            facets = await search_statements.facets(scope, request.filters, terms)
    return Results(Page([h.template for h in result.items], result.next_page_token), facets)

"""The template search group (issue 12): 10,000 generated templates in catalog's database,
searched through the gateway with a typo and a category filter.

The corpus is made once per run (`seed`), straight into catalog's database over its own
role and with the columns the service writes (`data/templates.py`: a template row and its
version 1). The tsvector is the table's generated column, and the typo vocabulary
(`template_words`, `template_word_scopes`) is filled by catalog's own trigger
(`template_words_collect`, migration 0002), which COPY fires for every row as an INSERT
does: nothing here knows how either is made.

What it looks like (`generate`, seeded, so every run has the same corpus): the five
categories in equal parts; names, descriptions and tags put together from each category's
phrases ("Returns Support Agent for Online Stores", "Answers customer questions about
orders …"); 200 organizations with 8 creators each; a quarter of the templates public
(what reviewed submissions will be; anonymous callers see only these), half organization,
a quarter private; use and view counts with a long tail; created over two years.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import asyncpg

from bench.infra import Gateway, get_json
from bench.procs import BenchError
from deploy.embedded.postgres import EmbeddedPostgres

_T = TypeVar("_T")

TEMPLATES = 10_000
ORGANIZATIONS = 200
CREATORS_PER_ORG = 8
VISIBILITY = (("public", 0.25), ("organization", 0.5), ("private", 0.25))
SEED = 12  # the number: the same corpus every run

# What is measured: a typo in both words, one category; the first page (20), no facets.
QUERY = "custmer suport"
CATEGORY = "customer-service"
SEARCH_PATH = "/v1/templates?" + urllib.parse.urlencode(
    {"query": QUERY, "category": CATEGORY}, quote_via=urllib.parse.quote
)
# How many public templates the query must match for the figure to mean something.
MATCHES = (10, 500)

ICONS = ("headphones", "briefcase", "pen-tool", "bar-chart", "calendar", "bot", "search",
         "mail", "message-square", "file-text", "globe", "zap")  # fmt: skip
COLORS = ("#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0d9488", "#dc2626", "#4f46e5")
TOOLS = ("knowledge_search", "web_search", "send_email", "calendar", "spreadsheet", "crm")
QUALITIES = ("MODEL_QUALITY_FAST", "MODEL_QUALITY_ENHANCED", "MODEL_QUALITY_PREMIUM")


@dataclass(frozen=True)
class Vocabulary:
    """One category's phrases."""

    subjects: tuple[str, ...]  # what the agent is about (name's first part)
    roles: tuple[str, ...]  # what it is (name's second part)
    audiences: tuple[str, ...]  # "for …" (some names)
    openings: tuple[str, ...]  # a description's first sentence ({audience} filled)
    details: tuple[str, ...]  # further sentences
    tags: tuple[str, ...]


CATEGORIES: dict[str, Vocabulary] = {
    "customer-service": Vocabulary(
        subjects=(
            "Customer Support",
            "Customer Service",
            "Helpdesk",
            "Returns",
            "Order Status",
            "Billing Support",
            "Technical Support",
            "Customer Care",
            "Live Chat",
            "Refund",
            "Onboarding",
            "Complaint",
            "Warranty",
            "Ticket Triage",
            "Customer Success",
            "Support Inbox",
            "Shipping",
            "Account Recovery",
        ),
        roles=(
            "Agent",
            "Assistant",
            "Bot",
            "Concierge",
            "Responder",
            "Triage Agent",
            "Specialist",
            "Desk",
        ),
        audiences=(
            "Online Stores",
            "SaaS Teams",
            "Hotels",
            "Airlines",
            "Telecoms",
            "Banks",
            "Clinics",
            "Marketplaces",
            "Utilities",
            "Insurers",
        ),
        openings=(
            "Answers customer questions for {audience} from your knowledge base.",
            "Handles first-line support for {audience}, day and night.",
            "Resolves common customer issues for {audience} and escalates the rest.",
            "Triages incoming support tickets for {audience} by urgency and topic.",
            "Helps {audience} reply to customers faster with drafted answers.",
            "Walks new customers of {audience} through setup and first steps.",
            "Keeps buyers at {audience} informed about their orders and deliveries.",
            "Takes refund and return requests for {audience} and checks them against policy.",
        ),
        details=(
            "Hands over to a human agent when asked to.",
            "Looks up orders, invoices and shipping status in your systems.",
            "Writes in a friendly, patient tone and keeps answers short.",
            "Tags every conversation so your support team sees trends.",
            "Collects the details a support engineer needs before escalating.",
            "Works on chat, email and the help center widget.",
            "Follows your service level targets and flags tickets at risk.",
            "Suggests knowledge base articles and learns which ones solve issues.",
            "Detects frustrated callers and prioritizes their requests.",
            "Summarizes long threads for the next person on the case.",
        ),
        tags=(
            "support",
            "helpdesk",
            "faq",
            "customer-service",
            "escalation",
            "chat",
            "tickets",
            "returns",
            "refunds",
            "email",
            "live-chat",
            "onboarding",
            "customer-success",
            "sla",
            "triage",
        ),
    ),
    "sales": Vocabulary(
        subjects=(
            "Sales Research",
            "Lead Qualification",
            "Prospecting",
            "Outreach",
            "Account Planning",
            "Pipeline",
            "Deal Review",
            "Proposal",
            "Cold Email",
            "Follow Up",
            "Renewal",
            "Upsell",
            "Competitor",
            "Pricing",
        ),
        roles=("Agent", "Assistant", "Researcher", "Coach", "Writer", "Analyst", "Copilot"),
        audiences=(
            "B2B Teams",
            "Agencies",
            "Startups",
            "Recruiters",
            "Real Estate",
            "Distributors",
            "Consultants",
            "Enterprise Sales",
        ),
        openings=(
            "Researches prospects for {audience} before every call.",
            "Qualifies inbound leads for {audience} against your ideal customer profile.",
            "Drafts personalized outreach sequences for {audience}.",
            "Prepares account briefs for {audience} from public sources.",
            "Reviews the pipeline of {audience} and points out deals at risk.",
            "Writes proposals and quotes for {audience} from your templates.",
        ),
        details=(
            "Finds decision makers, recent news and funding rounds.",
            "Logs every touch in the CRM and schedules follow ups.",
            "Scores leads and routes the best ones to the right rep.",
            "Suggests talking points based on the customer's industry.",
            "Tracks competitors and summarizes how you win against them.",
            "Keeps messages short, specific and free of jargon.",
            "Prepares renewal reminders with usage highlights.",
        ),
        tags=(
            "sales",
            "prospecting",
            "lead-research",
            "account-brief",
            "b2b",
            "outreach",
            "crm",
            "pipeline",
            "email",
            "leads",
            "proposals",
            "renewals",
            "linkedin",
        ),
    ),
    "content-creation": Vocabulary(
        subjects=(
            "Blog",
            "Content Writer",
            "Social Media",
            "Newsletter",
            "Copywriting",
            "Product Description",
            "SEO",
            "Press Release",
            "Video Script",
            "Ad Copy",
            "Brand Voice",
            "Editorial Calendar",
            "Case Study",
            "Translation",
        ),
        roles=("Agent", "Writer", "Assistant", "Editor", "Planner", "Studio", "Copilot"),
        audiences=(
            "Marketing Teams",
            "Creators",
            "Publishers",
            "Ecommerce Brands",
            "Nonprofits",
            "Podcasters",
            "Agencies",
            "Local Businesses",
        ),
        openings=(
            "Writes blog posts for {audience} in your brand voice.",
            "Plans and drafts social media posts for {audience} across channels.",
            "Turns notes into newsletters for {audience} every week.",
            "Writes product descriptions for {audience} that rank and convert.",
            "Edits drafts for {audience}: clarity, tone, grammar and length.",
            "Repurposes long articles for {audience} into threads, posts and emails.",
        ),
        details=(
            "Researches keywords and suggests titles and outlines.",
            "Keeps a consistent tone across every channel.",
            "Adds calls to action and checks links before publishing.",
            "Schedules posts on the editorial calendar.",
            "Adapts copy for each audience and language.",
            "Cites sources and flags claims that need checking.",
            "Creates image prompts and alt text for every post.",
        ),
        tags=(
            "writing",
            "blog",
            "copywriting",
            "marketing",
            "social-media",
            "seo",
            "newsletter",
            "content",
            "editing",
            "branding",
            "translation",
            "video",
        ),
    ),
    "data-analysis": Vocabulary(
        subjects=(
            "Data Analyst",
            "Reporting",
            "Dashboard",
            "SQL",
            "Spreadsheet",
            "Forecasting",
            "Churn Analysis",
            "Revenue Analytics",
            "Survey Analysis",
            "Marketing Analytics",
            "Inventory",
            "Financial Report",
            "KPI",
            "Cohort",
        ),
        roles=("Agent", "Analyst", "Assistant", "Builder", "Explainer", "Copilot"),
        audiences=(
            "Finance Teams",
            "Product Teams",
            "Operations",
            "Retailers",
            "Marketing Teams",
            "Founders",
            "Researchers",
            "Logistics",
        ),
        openings=(
            "Answers questions about your data for {audience} in plain language.",
            "Builds weekly reports and dashboards for {audience}.",
            "Writes and explains SQL queries for {audience}.",
            "Forecasts demand and revenue for {audience} from historical data.",
            "Cleans spreadsheets for {audience} and finds outliers.",
            "Analyzes survey results for {audience} and summarizes the findings.",
        ),
        details=(
            "Creates charts and explains what changed and why.",
            "Connects to your warehouse, spreadsheets and CSV files.",
            "Checks its numbers twice and shows the query behind every figure.",
            "Flags anomalies in metrics before they become problems.",
            "Segments customers by behavior and value.",
            "Sends a summary of key metrics every Monday.",
            "Documents definitions so every team reads the same numbers.",
        ),
        tags=(
            "analytics",
            "data",
            "charts",
            "spreadsheets",
            "sql",
            "reporting",
            "kpi",
            "forecasting",
            "dashboards",
            "csv",
            "finance",
            "metrics",
        ),
    ),
    "research": Vocabulary(
        subjects=(
            "Meeting Assistant",
            "Market Research",
            "Literature Review",
            "Interview",
            "Competitive Intelligence",
            "Note Taking",
            "Meeting Notes",
            "Trend",
            "Patent Search",
            "Policy Research",
            "User Research",
            "Fact Check",
            "Due Diligence",
            "Briefing",
        ),
        roles=("Agent", "Assistant", "Researcher", "Summarizer", "Scout", "Copilot"),
        audiences=(
            "Product Teams",
            "Analysts",
            "Students",
            "Consultants",
            "Investors",
            "Journalists",
            "Legal Teams",
            "Executives",
        ),
        openings=(
            "Takes meeting notes for {audience} and lists the action items.",
            "Researches markets and competitors for {audience} with cited sources.",
            "Summarizes papers and reports for {audience} in a few paragraphs.",
            "Prepares briefings for {audience} before important meetings.",
            "Analyzes user interviews for {audience} and finds recurring themes.",
            "Checks facts and sources for {audience} before publication.",
        ),
        details=(
            "Sends the summary to every attendee after the meeting.",
            "Searches the web, your documents and academic databases.",
            "Keeps a research log with every source it used.",
            "Highlights open questions and conflicting evidence.",
            "Tracks decisions and owners across recurring meetings.",
            "Writes neutral, well structured summaries.",
            "Monitors new publications on the topics you follow.",
        ),
        tags=(
            "meetings",
            "notes",
            "summaries",
            "action-items",
            "productivity",
            "calendar",
            "research",
            "market-research",
            "interviews",
            "sources",
            "briefings",
            "competitors",
        ),
    ),
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pick(rng: random.Random, options: Sequence[_T]) -> _T:
    return options[rng.randrange(len(options))]


def _visibility(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, share in VISIBILITY:
        total += share
        if roll < total:
            return name
    return VISIBILITY[-1][0]


def _count(rng: random.Random, scale: float) -> int:
    """A long tail: most templates are barely used, a few very much."""
    return int(rng.paretovariate(1.3) * scale) - int(scale)


def generate(count: int = TEMPLATES, seed: int = SEED) -> list[dict[str, Any]]:
    """`count` templates as `templates` rows (no `search`: PostgreSQL generates it)."""
    rng = random.Random(seed)
    orgs = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(ORGANIZATIONS)]
    creators = {
        org: [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(CREATORS_PER_ORG)]
        for org in orgs
    }
    now = datetime(2026, 12, 1, tzinfo=UTC)
    slugs: set[tuple[uuid.UUID, str]] = set()
    categories = list(CATEGORIES)
    rows = []
    for n in range(count):
        category = categories[n % len(categories)]
        words = CATEGORIES[category]
        name = f"{_pick(rng, words.subjects)} {_pick(rng, words.roles)}"
        audience = _pick(rng, words.audiences)
        if rng.random() < 0.4:
            name += f" for {audience}"
        sentences = [_pick(rng, words.openings).format(audience=audience)]
        sentences += rng.sample(words.details, rng.randint(1, 3))
        description = " ".join(sentences)
        tags = rng.sample(words.tags, rng.randint(2, 6))
        org = _pick(rng, orgs)
        slug, suffix = _slug(name), 1
        while (org, slug) in slugs:
            suffix += 1
            slug = f"{_slug(name)}-{suffix}"
        slugs.add((org, slug))
        created = now - timedelta(seconds=rng.randrange(2 * 365 * 24 * 3600))
        config = {
            "system_prompt": f"You are the {name}. {description} Be accurate and concise; "
            "say when you do not know, and ask a human when the request is outside your role.",
            "model": {"quality": _pick(rng, QUALITIES)},
            "tools": [
                {"name": t, "kind": "TOOL_KIND_BUILTIN"}
                for t in rng.sample(TOOLS, rng.randint(1, 3))
            ],
            "triggers": [{"kind": "TRIGGER_KIND_MANUAL"}],
            "metadata": {"knowledge_base_tags": tags[:2]},
        }
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "slug": slug,
                "name": name,
                "description": description,
                "category": category,
                "tags": tags,
                "icon": _pick(rng, ICONS),
                "color": _pick(rng, COLORS),
                "visibility": _visibility(rng),
                "official": False,
                "owner_org_id": org,
                "created_by": _pick(rng, creators[org]),
                "latest_version": 1,
                "config": json.dumps(config),
                "use_count": _count(rng, 3.0),
                "view_count": _count(rng, 40.0),
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


_TEMPLATE_COLUMNS = (
    "id", "slug", "name", "description", "category", "tags", "icon", "color", "visibility",
    "official", "owner_org_id", "created_by", "latest_version", "config", "use_count",
    "view_count", "created_at", "updated_at",
)  # fmt: skip
_VERSION_COLUMNS = ("template_id", "number", "config", "created_by", "created_at")


@dataclass(frozen=True)
class Corpus:
    templates: int  # live templates in catalog's database after seeding
    public: int
    words: int  # the typo vocabulary's distinct words
    seconds: float


def seed(pg: EmbeddedPostgres, count: int = TEMPLATES) -> Corpus:
    """`count` generated templates (and their versions 1) into catalog's database, unless
    it has them already; then VACUUM (ANALYZE), as autovacuum would soon after such a load."""
    return asyncio.run(_seed(pg.database_url("catalog", driver="postgresql"), count))


async def _seed(url: str, count: int) -> Corpus:
    start = asyncio.get_running_loop().time()
    connection = await asyncpg.connect(url)
    try:
        present = await connection.fetchval("SELECT count(*) FROM templates WHERE NOT official")
        if present < count:
            rows = generate(count)
            async with connection.transaction():
                await connection.copy_records_to_table(
                    "templates",
                    columns=_TEMPLATE_COLUMNS,
                    records=([r[c] for c in _TEMPLATE_COLUMNS] for r in rows),
                )
                await connection.copy_records_to_table(
                    "template_versions",
                    columns=_VERSION_COLUMNS,
                    records=_versions(rows),
                )
            # What autovacuum does soon after such a load: statistics, and the GIN indexes'
            # pending lists merged (COPY, like any insert, appends their entries there,
            # which every search would otherwise scan in full).
            for table in ("templates", "template_versions", "template_words",
                          "template_word_scopes"):  # fmt: skip
                await connection.execute(f"VACUUM (ANALYZE) {table}")
        templates, public = await connection.fetchrow(
            "SELECT count(*), count(*) FILTER (WHERE visibility = 'public') FROM templates"
            " WHERE deleted_at IS NULL"
        )
        words = await connection.fetchval("SELECT count(*) FROM template_words")
    finally:
        await connection.close()
    seconds = asyncio.get_running_loop().time() - start
    return Corpus(templates, public, words, round(seconds, 1))


def _versions(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for r in rows:
        yield [r["id"], 1, r["config"], r["created_by"], r["created_at"]]


def search_url(gateway: Gateway, *, facets: bool = False) -> str:
    return gateway.url + SEARCH_PATH + ("&include_facets=true" if facets else "")


def check_search(gateway: Gateway) -> int:
    """The measured search's first page, checked through the gateway as an anonymous
    caller: 20 public customer-service templates that mention a customer and support (the
    corrected words), the typed words corrected, and a total (from the facets, asked for
    here only) in `MATCHES`. Returns the total."""
    body = get_json(search_url(gateway, facets=True))
    if not isinstance(body, dict):
        raise BenchError(f"the search answered {body!r}")
    found = body.get("templates", [])
    total = int(body.get("facets", {}).get("total", 0))
    low, high = MATCHES
    if not low <= total <= high:
        raise BenchError(f"the search matched {total} templates, not {low} to {high}")
    if len(found) != min(total, 20) or (not body.get("next_page_token") and total > 20):
        raise BenchError(f"the search's first page has {len(found)} of {total} templates")
    for template in found:
        text = " ".join([template["name"], template["description"], *template["tags"]]).lower()
        if (
            template["category"] != CATEGORY
            or template["visibility"] != "VISIBILITY_PUBLIC"
            or "custom" not in text
            or "support" not in text
        ):
            raise BenchError(f"the search returned {template['name']!r}: not a match")
    plain = get_json(search_url(gateway))  # the measured URL: the same page, no facets
    if not isinstance(plain, dict) or plain.get("templates") != found:
        raise BenchError("the search without facets answered another page")
    return total

"""The five official templates of the catalog, each with its version 1.

Configs are stored as `keel.catalog.v1.TemplateConfig` JSON (proto field names, enum
names), the shape every later version has (tests parse each one with the contract).
Tool names are the platform's built-in tools; organizations add MCP servers in their forks.

Revision ID: 0003
Revises: 0002
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _tool(name: str, description: str) -> dict[str, str]:
    return {"name": name, "description": description, "kind": "TOOL_KIND_BUILTIN"}


def _example(title: str, *turns: str) -> dict[str, Any]:
    roles = ("user", "assistant")
    return {
        "title": title,
        "messages": [{"role": roles[i % 2], "content": c} for i, c in enumerate(turns)],
    }


MANUAL = {"kind": "TRIGGER_KIND_MANUAL"}
WEB_SEARCH = _tool("web_search", "Search the web for current information.")
WEB_BROWSE = _tool("web_browse", "Open a web page and read its text.")
KNOWLEDGE = _tool("knowledge_search", "Search the organization's knowledge base.")

CUSTOMER_SERVICE = """You are the customer service agent of our company. You answer customers' \
questions, solve their problems and make sure nobody leaves without a clear next step.

Guidelines:
- Look the answer up in the knowledge base before you reply; never invent policies, prices, \
dates or order details. If the knowledge base does not say, say you will find out.
- Ask one clarifying question at a time when a request is ambiguous; confirm order numbers \
and e-mail addresses back to the customer before acting on them.
- Give the answer first, then the steps, numbered when there are more than two.
- Never ask for passwords, full card numbers or other secrets.

Tone: warm, calm and plain-spoken. Acknowledge frustration in one sentence, without \
over-apologizing, then move to the solution. Match the customer's language.

Escalate to a human (use handoff_to_human, and tell the customer you are doing so) when:
- the customer asks for a person, or is still unhappy after two attempts;
- the request involves a refund or credit above the policy limit, a legal threat, a safety \
issue, a data-protection request or a complaint about staff;
- you are not confident the answer is right.
When you hand over, summarize the issue, what you tried and what the customer wants."""

SALES_RESEARCH = """You are a sales research agent. Before a salesperson contacts a prospect, \
you build a short, accurate account brief they can act on in five minutes.

For each company or person you are asked about, find and report:
1. What the company does, its size, market and recent trajectory (funding, hiring, launches).
2. The people likely involved in buying: roles, tenure, public statements on the topic.
3. Signals that make now a good moment (new leadership, expansion, a competitor switch, \
job posts that reveal a need) and any risks (layoffs, litigation, an existing vendor).
4. Two or three tailored talking points that connect their situation to our offer.

Guidelines:
- Use web_search and web_browse; prefer the company's own site, filings and reputable news. \
Cite every fact with its source link and date; mark anything older than a year.
- Separate facts from your inferences, and label the inferences.
- Never guess personal contact details and never use information from private or \
leaked sources. Respect do-not-contact notes in the CRM knowledge base.
- If the name is ambiguous, list the candidates and ask which one is meant.

Tone: concise, neutral and skimmable: headings and bullets, no hype. Say plainly when \
information could not be found. Escalate to the requester instead of guessing when the \
brief would rest on a single unverified source."""

CONTENT_WRITER = """You are the content writer of our company. You draft, edit and repurpose \
blog posts, newsletters, social posts and landing-page copy in the brand's voice.

Before writing, make sure you know: the audience, the goal (inform, convert, retain), the \
format and length, the key message and the call to action. Ask for whatever is missing, \
in one short list.

Guidelines:
- Follow the brand guide and examples in the knowledge base (voice, terminology, words \
to avoid). If there is none, write clearly and concretely, in the active voice.
- Lead with the reader's problem, not the product. One idea per paragraph; short \
sentences; specific examples over adjectives.
- Offer a headline plus two alternatives, and a meta description for web pages.
- Facts, statistics and quotes need a source; use web_search to verify them and list the \
links under the draft. Never invent quotes, customers or numbers.
- Write original text: do not copy passages from sources; quote briefly and attribute.

Tone: confident, friendly and free of jargon unless the audience expects it.

Escalate to the requester (and do not publish) for legal, medical or financial claims, \
comparisons naming competitors, or anything about unreleased products."""

DATA_ANALYST = """You are a data analyst agent. You turn questions about data into correct \
numbers, clear charts and a short explanation of what they mean.

How you work:
1. Restate the question as a precise metric: what is counted, over which period, with \
which filters. Ask when the definition is ambiguous (for example, "active users").
2. Inspect the data before analysing it: columns, types, row counts, missing values, \
duplicates and outliers. Report problems you find.
3. Use code_interpreter for every calculation; never do arithmetic in your head. Show \
the code or query you ran so the result can be reproduced.
4. Pick the simplest chart that answers the question (bars to compare, lines for trends), \
label axes and units, and state the sample size.
5. Summarize the finding in two or three sentences, then caveats: correlation is not \
causation, small samples, seasonality, data quality.

Guidelines:
- Never fabricate data or fill gaps silently; if data is missing, say what is needed.
- Treat personal data with care: aggregate, and do not print individual records unless \
asked and necessary.

Tone: precise and plain; numbers with units and sensible rounding.

Escalate to the requester before acting when a question needs data you do not have \
access to, or when results would drive a decision and the data quality is poor."""

MEETING_ASSISTANT = """You are a meeting assistant. You help people prepare for meetings, \
capture what was decided and make sure follow-ups happen.

Before a meeting: from the invitation and related documents, draft an agenda with time \
boxes, the goal of the meeting and the questions to settle. Note missing pre-reads.

After a meeting, from a transcript or notes, produce:
- a summary of at most five bullets;
- decisions, each with its owner;
- action items as "owner: task (due date)"; ask when the owner or date is unclear;
- open questions and risks;
- a draft follow-up e-mail to the attendees.

Guidelines:
- Report only what was said: do not invent decisions, owners or dates, and mark anything \
you inferred. Keep attributions accurate; when unsure who said something, leave it out.
- Keep confidential remarks out of the follow-up unless the organizer agrees.
- Use the calendar tool to propose times for follow-up meetings and always ask before \
sending invitations or e-mails on anyone's behalf.

Tone: neutral, brief and action-oriented.

Escalate to the organizer rather than sending anything when the notes contain sensitive \
topics (HR, legal, finance), disagreement about a decision, or conflicting action items."""

TEMPLATES: list[dict[str, Any]] = [
    {
        "id": "0a6f3e55-7c1d-4a8e-9b2f-000000000001",
        "slug": "customer-service-agent",
        "name": "Customer Service Agent",
        "description": "Answers customer support questions from your knowledge base, "
        "solves common issues and hands over to a human when needed.",
        "category": "customer-service",
        "tags": ["support", "helpdesk", "faq", "customer-service", "escalation", "chat"],
        "icon": "headphones",
        "color": "#2563eb",
        "config": {
            "system_prompt": CUSTOMER_SERVICE,
            "model": {"quality": "MODEL_QUALITY_ENHANCED"},
            "tools": [
                KNOWLEDGE,
                _tool("handoff_to_human", "Hand the conversation over to a human agent."),
                _tool("create_ticket", "Open a support ticket with a summary."),
            ],
            "triggers": [
                {"kind": "TRIGGER_KIND_CHANNEL_MESSAGE", "channel": "webchat"},
                {"kind": "TRIGGER_KIND_CHANNEL_MESSAGE", "channel": "whatsapp"},
                {"kind": "TRIGGER_KIND_CHANNEL_MESSAGE", "channel": "email"},
            ],
            "metadata": {
                "knowledge_base_tags": ["faq", "policies", "products", "shipping"],
                "channel_defaults": {
                    "channels": ["webchat", "whatsapp", "email"],
                    "greeting": "Hi! I'm here to help. What can I do for you today?",
                    "handoff_message": "I'm bringing in a colleague who can help further. "
                    "They'll see everything we've discussed.",
                },
                "usage_examples": [
                    _example(
                        "Order status",
                        "Where is my order 10482? It was supposed to arrive yesterday.",
                        "I'm sorry it's late. Order 10482 shipped on Monday and the carrier "
                        "shows it out for delivery today. Would you like the tracking link?",
                    ),
                    _example(
                        "Refund over the limit",
                        "I want a full refund of my annual plan, I never used it.",
                        "I understand. Refunds of annual plans are reviewed by our billing "
                        "team, so I'm handing you over to a colleague now with a summary.",
                    ),
                ],
            },
        },
    },
    {
        "id": "0a6f3e55-7c1d-4a8e-9b2f-000000000002",
        "slug": "sales-research-agent",
        "name": "Sales Research Agent",
        "description": "Researches prospects and accounts on the web and writes short, "
        "cited account briefs with buying signals and talking points.",
        "category": "sales",
        "tags": ["sales", "prospecting", "lead-research", "account-brief", "b2b", "outreach"],
        "icon": "briefcase",
        "color": "#16a34a",
        "config": {
            "system_prompt": SALES_RESEARCH,
            "model": {"quality": "MODEL_QUALITY_PREMIUM"},
            "tools": [WEB_SEARCH, WEB_BROWSE, KNOWLEDGE],
            "triggers": [MANUAL, {"kind": "TRIGGER_KIND_WEBHOOK"}],
            "metadata": {
                "knowledge_base_tags": ["ideal-customer-profile", "offer", "crm-notes"],
                "usage_examples": [
                    _example(
                        "Account brief",
                        "Brief me on Northwind Logistics before my call on Thursday.",
                        "Northwind Logistics: regional freight forwarder, ~400 staff. "
                        "Signals: new CTO (March), 6 open data-engineering roles. Talking "
                        "points: … Sources: company site (2026-10), press release (2026-09).",
                    ),
                    _example(
                        "Ambiguous name",
                        "Research Acme for me.",
                        "I found three companies called Acme that could fit: Acme Corp "
                        "(manufacturing, US), Acme Software (SaaS, UK) and Acme Health. "
                        "Which one do you mean?",
                    ),
                ],
            },
        },
    },
    {
        "id": "0a6f3e55-7c1d-4a8e-9b2f-000000000003",
        "slug": "content-writer-agent",
        "name": "Content Writer Agent",
        "description": "Drafts and edits blog posts, newsletters and social posts in your "
        "brand voice, with verified facts and sources.",
        "category": "content-creation",
        "tags": ["writing", "blog", "copywriting", "marketing", "social-media", "seo"],
        "icon": "pen-tool",
        "color": "#9333ea",
        "config": {
            "system_prompt": CONTENT_WRITER,
            "model": {"quality": "MODEL_QUALITY_PREMIUM"},
            "tools": [WEB_SEARCH, KNOWLEDGE],
            "triggers": [MANUAL],
            "metadata": {
                "knowledge_base_tags": ["brand-guide", "style-guide", "products"],
                "usage_examples": [
                    _example(
                        "Blog post",
                        "Write a 600-word post for small-shop owners on why they should "
                        "offer click-and-collect.",
                        "Headline: Let Customers Skip the Wait: Click-and-Collect for Small "
                        "Shops (alternatives: …). Draft: …",
                    ),
                    _example(
                        "Repurpose",
                        "Turn this post into three LinkedIn posts.",
                        "Here are three posts, each with one idea and a question to invite "
                        "comments: 1) … 2) … 3) …",
                    ),
                ],
            },
        },
    },
    {
        "id": "0a6f3e55-7c1d-4a8e-9b2f-000000000004",
        "slug": "data-analyst-agent",
        "name": "Data Analyst Agent",
        "description": "Analyses spreadsheets and databases, computes metrics with code, "
        "draws charts and explains results with their caveats.",
        "category": "data-analysis",
        "tags": ["analytics", "data", "charts", "spreadsheets", "sql", "reporting"],
        "icon": "bar-chart",
        "color": "#ea580c",
        "config": {
            "system_prompt": DATA_ANALYST,
            "model": {"quality": "MODEL_QUALITY_PREMIUM"},
            "tools": [
                _tool("code_interpreter", "Run Python on the provided files."),
                _tool("file_reader", "Read CSV, Excel and JSON files."),
                KNOWLEDGE,
            ],
            "triggers": [MANUAL, {"kind": "TRIGGER_KIND_SCHEDULE", "schedule": "0 8 * * 1"}],
            "metadata": {
                "knowledge_base_tags": ["metrics-definitions", "data-dictionary"],
                "usage_examples": [
                    _example(
                        "Trend",
                        "Here is sales.csv. How did monthly revenue develop this year?",
                        "Revenue grew from $182k in January to $241k in October (+32 %), "
                        "with a dip in August (-9 %, seasonal as in the last two years). "
                        "Chart and code below. Caveat: September has 3 days missing.",
                    ),
                    _example(
                        "Ambiguous metric",
                        "How many active users do we have?",
                        "Which definition should I use: logged in during the last 30 days, "
                        "or performed at least one action? The data has both.",
                    ),
                ],
            },
        },
    },
    {
        "id": "0a6f3e55-7c1d-4a8e-9b2f-000000000005",
        "slug": "meeting-assistant-agent",
        "name": "Meeting Assistant Agent",
        "description": "Prepares agendas, turns transcripts into summaries, decisions and "
        "action items, and drafts the follow-up e-mail.",
        "category": "research",
        "tags": ["meetings", "notes", "summaries", "action-items", "productivity", "calendar"],
        "icon": "calendar",
        "color": "#0d9488",
        "config": {
            "system_prompt": MEETING_ASSISTANT,
            "model": {"quality": "MODEL_QUALITY_ENHANCED"},
            "tools": [
                _tool("calendar", "Read calendars and propose meeting times."),
                _tool("email_draft", "Draft an e-mail for the user to review and send."),
                KNOWLEDGE,
            ],
            "triggers": [MANUAL, {"kind": "TRIGGER_KIND_CHANNEL_MESSAGE", "channel": "email"}],
            "metadata": {
                "knowledge_base_tags": ["meeting-notes", "projects"],
                "usage_examples": [
                    _example(
                        "Summary",
                        "Here's the transcript of today's roadmap meeting. Summarize it.",
                        "Summary: … Decisions: launch moved to 12 May (owner: Priya). "
                        "Action items: Tom: update pricing page (Fri) … Open questions: …",
                    ),
                    _example(
                        "Agenda",
                        "Prepare an agenda for Monday's 30-minute vendor review.",
                        "Goal: decide whether to renew. Agenda: 1) usage and costs (10 min) "
                        "2) open issues (10 min) 3) decision and next steps (10 min).",
                    ),
                ],
            },
        },
    },
]

_TEMPLATE = sa.text(
    "INSERT INTO templates (id, slug, name, description, category, tags, icon, color,"
    " visibility, official, latest_version, config)"
    " VALUES (CAST(:id AS uuid), :slug, :name, :description, :category, :tags, :icon, :color,"
    " 'public', true, 1, CAST(:config AS jsonb))"
)
_VERSION = sa.text(
    "INSERT INTO template_versions (template_id, number, notes, config)"
    " VALUES (CAST(:id AS uuid), 1, 'Official template', CAST(:config AS jsonb))"
)


def _rows() -> list[dict[str, Any]]:
    return [{**t, "config": json.dumps(t["config"])} for t in TEMPLATES]


def upgrade() -> None:
    bind = op.get_bind()
    rows = _rows()
    bind.execute(_TEMPLATE, rows)
    bind.execute(_VERSION, [{"id": r["id"], "config": r["config"]} for r in rows])


def downgrade() -> None:
    ids = [t["id"] for t in TEMPLATES]
    bind = op.get_bind()
    for table, column in (("template_uses", "template_id"), ("template_versions", "template_id"),
                          ("templates", "id")):  # fmt: skip
        statement = f"DELETE FROM {table} WHERE {column} = ANY(CAST(:ids AS uuid[]))"
        bind.execute(sa.text(statement), {"ids": ids})

"""The model catalog of ADR-023 (seed 003), as the review of issue 15 quoted it.

- Its seven models, exactly: gpt-4o-mini, gpt-4o, gemini-2.0-flash, gemini-2.5-flash,
  gemini-2.5-pro, claude-3-5-haiku-latest, claude-sonnet-4-20250514 (published context
  windows, list prices in USD per million tokens).
- Its priorities, the first of each quality level its default: fast gpt-4o-mini,
  gemini-2.0-flash, claude-3-5-haiku-latest; enhanced gpt-4o, gemini-2.5-flash,
  claude-sonnet-4; premium gpt-4o, gemini-2.5-pro, claude-sonnet-4. Every plan lists, at
  each level it allows, that level's models in that order (0002 made claude-sonnet-4 the
  enhanced default and claude-opus-4 the premium one).
- A model gains a display name, its context window, an active flag and a deprecation date
  with its replacement. 0002's models that ADR-023 does not have stay as records, inactive,
  deprecated today, with their replacement: no plan lists them, and an agent that still
  names one runs on the replacement.

Revision ID: 0008
Revises: 0007
"""

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Context windows as the providers publish them (tokens).
K128, K200, M1 = 128_000, 200_000, 1_048_576
# id ("<provider>/<model>"), quality (its lowest level), display name, context window,
# USD per million input tokens, per million output tokens (list prices).
MODELS = [
    ("openai/gpt-4o-mini", "fast", "GPT-4o mini", K128, "0.15", "0.60"),
    ("openai/gpt-4o", "enhanced", "GPT-4o", K128, "2.50", "10.00"),
    ("google/gemini-2.0-flash", "fast", "Gemini 2.0 Flash", M1, "0.10", "0.40"),
    ("google/gemini-2.5-flash", "enhanced", "Gemini 2.5 Flash", M1, "0.30", "2.50"),
    ("google/gemini-2.5-pro", "premium", "Gemini 2.5 Pro", M1, "1.25", "10.00"),
    ("anthropic/claude-3-5-haiku-latest", "fast", "Claude 3.5 Haiku", K200, "0.80", "4.00"),
    ("anthropic/claude-sonnet-4-20250514", "enhanced", "Claude Sonnet 4", K200, "3.00", "15.00"),
]
# Per quality level, by priority: the first is the default, the others fallbacks.
PRIORITIES = {
    "fast": ["openai/gpt-4o-mini", "google/gemini-2.0-flash", "anthropic/claude-3-5-haiku-latest"],
    "enhanced": ["openai/gpt-4o", "google/gemini-2.5-flash", "anthropic/claude-sonnet-4-20250514"],
    "premium": ["openai/gpt-4o", "google/gemini-2.5-pro", "anthropic/claude-sonnet-4-20250514"],
}  # fmt: skip
# 0002's models ADR-023 does not have: display name, context window, replacement.
RETIRED = {
    "anthropic/claude-3-5-haiku": ("Claude 3.5 Haiku", K200, "anthropic/claude-3-5-haiku-latest"),
    "anthropic/claude-sonnet-4": ("Claude Sonnet 4", K200, "anthropic/claude-sonnet-4-20250514"),
    "anthropic/claude-opus-4": ("Claude Opus 4", K200, "anthropic/claude-sonnet-4-20250514"),
    "openai/o1": ("o1", K200, "openai/gpt-4o"),
}
RETIRED_ON = date(2026, 12, 3)
# 0002's priorities, for the downgrade.
OLD_PRIORITIES = {
    "fast": ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku", "google/gemini-2.0-flash"],
    "enhanced": ["anthropic/claude-sonnet-4", "openai/gpt-4o"],
    "premium": ["anthropic/claude-opus-4", "openai/o1"],
}
KEPT = ("openai/gpt-4o-mini", "openai/gpt-4o", "google/gemini-2.0-flash")

COLUMNS = [
    "ALTER TABLE llm_models ADD COLUMN display_name TEXT",
    "ALTER TABLE llm_models ADD COLUMN context_window_tokens INTEGER"
    " CHECK (context_window_tokens > 0)",
    "ALTER TABLE llm_models ADD COLUMN active BOOLEAN NOT NULL DEFAULT true",
    # From this day (UTC) on, new runs get the replacement instead.
    "ALTER TABLE llm_models ADD COLUMN deprecation_date DATE",
    "ALTER TABLE llm_models ADD COLUMN replacement_model_id TEXT REFERENCES llm_models (id)"
    " CHECK (replacement_model_id <> id)",
]


def _list(bind: sa.Connection, priorities: dict[str, list[str]]) -> None:
    """Every plan's models at each level it allows: `priorities`'s, in its order."""
    bind.execute(sa.text("DELETE FROM plan_capability_models"))
    bind.execute(
        sa.text(
            "INSERT INTO plan_capability_models (plan_tier, capability, quality, priority,"
            " model_id) SELECT pc.plan_tier, pc.capability, pc.quality, m.priority, m.model_id"
            " FROM plan_capabilities pc JOIN jsonb_to_recordset(CAST(:models AS jsonb))"
            " AS m(quality TEXT, priority SMALLINT, model_id TEXT) ON m.quality = pc.quality"
        ),
        {"models": _json(priorities)},
    )


def _json(priorities: dict[str, list[str]]) -> str:
    return json.dumps(
        [
            {"quality": quality, "priority": i, "model_id": model}
            for quality, models in priorities.items()
            for i, model in enumerate(models)
        ]
    )


def upgrade() -> None:
    for statement in COLUMNS:
        op.execute(statement)
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "INSERT INTO llm_models (id, provider, quality, display_name, context_window_tokens,"
            " input_usd_per_million_tokens, output_usd_per_million_tokens)"
            " VALUES (:id, :provider, :quality, :name, :window, :input, :output)"
            " ON CONFLICT (id) DO UPDATE SET provider = excluded.provider,"
            " quality = excluded.quality, display_name = excluded.display_name,"
            " context_window_tokens = excluded.context_window_tokens,"
            " input_usd_per_million_tokens = excluded.input_usd_per_million_tokens,"
            " output_usd_per_million_tokens = excluded.output_usd_per_million_tokens"
        ),
        [
            {"provider": m[0].split("/")[0], **dict(zip(_MODEL_KEYS, m, strict=True))}
            for m in MODELS
        ],
    )
    bind.execute(
        sa.text(
            "UPDATE llm_models SET display_name = :name, context_window_tokens = :window,"
            " active = false, deprecation_date = :day,"
            " replacement_model_id = :replacement WHERE id = :id"
        ),
        [
            {"id": id_, "name": name, "window": window, "replacement": replacement,
             "day": RETIRED_ON}
            for id_, (name, window, replacement) in RETIRED.items()
        ],
    )  # fmt: skip
    op.execute("ALTER TABLE llm_models ALTER COLUMN display_name SET NOT NULL")
    op.execute("ALTER TABLE llm_models ALTER COLUMN context_window_tokens SET NOT NULL")
    _list(bind, PRIORITIES)


def downgrade() -> None:
    bind = op.get_bind()
    _list(bind, OLD_PRIORITIES)
    op.execute(
        "ALTER TABLE llm_models DROP COLUMN replacement_model_id, DROP COLUMN deprecation_date,"
        " DROP COLUMN active, DROP COLUMN context_window_tokens, DROP COLUMN display_name"
    )
    added = [m[0] for m in MODELS if m[0] not in KEPT]
    bind.execute(sa.text("DELETE FROM llm_models WHERE id = ANY(:added)"), {"added": added})


_MODEL_KEYS = ("id", "quality", "name", "window", "input", "output")

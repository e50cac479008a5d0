"""billing's tables and its seeded catalog: plans, capabilities x quality levels x models,
credit packages; subscriptions and processed Stripe events; the credits ledger (accounts,
buckets, reservations, append-only transactions whose signs the database enforces);
idempotency keys; usage per day, agent counts and threshold alerts.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Credits and prices are exact: NUMERIC, never floating point.
CREDITS = "NUMERIC(18, 4)"

TABLES = f"""
CREATE TABLE plans (
    tier TEXT PRIMARY KEY,
    rank SMALLINT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT 'usd',
    monthly_price_minor BIGINT NOT NULL CHECK (monthly_price_minor >= 0),
    custom_pricing BOOLEAN NOT NULL DEFAULT false,
    agent_limit INTEGER CHECK (agent_limit > 0),
    monthly_run_limit INTEGER CHECK (monthly_run_limit > 0),
    hourly_run_limit INTEGER CHECK (hourly_run_limit > 0),
    monthly_credits {CREDITS} CHECK (monthly_credits >= 0),
    features TEXT[] NOT NULL DEFAULT '{{}}'
);
CREATE TABLE capabilities (
    name TEXT PRIMARY KEY,
    base_credits {CREDITS} NOT NULL CHECK (base_credits > 0),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE quality_levels (
    name TEXT PRIMARY KEY,
    rank SMALLINT NOT NULL UNIQUE,
    credit_multiplier NUMERIC(6, 3) NOT NULL CHECK (credit_multiplier > 0)
);
CREATE TABLE llm_models (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    quality TEXT NOT NULL REFERENCES quality_levels (name),
    input_usd_per_million_tokens NUMERIC(12, 4) NOT NULL CHECK (input_usd_per_million_tokens >= 0),
    output_usd_per_million_tokens NUMERIC(12, 4) NOT NULL CHECK (output_usd_per_million_tokens >= 0)
);
CREATE TABLE plan_capabilities (
    plan_tier TEXT NOT NULL REFERENCES plans (tier),
    capability TEXT NOT NULL REFERENCES capabilities (name),
    quality TEXT NOT NULL REFERENCES quality_levels (name),
    requests_per_minute INTEGER CHECK (requests_per_minute > 0),
    requests_per_day INTEGER CHECK (requests_per_day > 0),
    PRIMARY KEY (plan_tier, capability, quality)
);
CREATE TABLE plan_capability_models (
    plan_tier TEXT NOT NULL,
    capability TEXT NOT NULL,
    quality TEXT NOT NULL,
    priority SMALLINT NOT NULL CHECK (priority >= 0),
    model_id TEXT NOT NULL REFERENCES llm_models (id),
    PRIMARY KEY (plan_tier, capability, quality, priority),
    UNIQUE (plan_tier, capability, quality, model_id),
    FOREIGN KEY (plan_tier, capability, quality)
        REFERENCES plan_capabilities (plan_tier, capability, quality) ON DELETE CASCADE
);
CREATE TABLE credit_packages (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    credits {CREDITS} NOT NULL CHECK (credits > 0),
    currency TEXT NOT NULL DEFAULT 'usd',
    price_minor BIGINT NOT NULL CHECK (price_minor > 0),
    sort_order SMALLINT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT true
);
CREATE TABLE subscriptions (
    org_id UUID PRIMARY KEY,
    plan_tier TEXT NOT NULL REFERENCES plans (tier),
    status TEXT NOT NULL
        CHECK (status IN ('active', 'trialing', 'past_due', 'canceled', 'unpaid')),
    current_period_start TIMESTAMP WITH TIME ZONE NOT NULL,
    current_period_end TIMESTAMP WITH TIME ZONE NOT NULL,
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT false,
    pending_plan_tier TEXT REFERENCES plans (tier),
    -- Enterprise agreements: credits per period when the plan has none of its own.
    custom_monthly_credits {CREDITS} CHECK (custom_monthly_credits >= 0),
    stripe_customer_id TEXT UNIQUE,
    stripe_subscription_id TEXT UNIQUE,
    -- `created` of the newest Stripe event applied: an older one never overwrites it.
    stripe_event_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CHECK (current_period_end > current_period_start)
);
CREATE INDEX subscriptions_period_end ON subscriptions (current_period_end);
CREATE TABLE stripe_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    stripe_created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    org_id UUID,
    -- applied, ignored (unknown type, stale), …
    outcome TEXT NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE TABLE credit_accounts (
    org_id UUID PRIMARY KEY,
    -- The sum of the buckets; below zero only within the overdraft.
    balance {CREDITS} NOT NULL DEFAULT 0,
    reserved {CREDITS} NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    overdraft_limit {CREDITS} NOT NULL DEFAULT 0 CHECK (overdraft_limit >= 0),
    -- Copies of the subscription's period and allocation (kept in step by billing's
    -- account changes), so ledger operations never need a second table.
    period_start TIMESTAMP WITH TIME ZONE NOT NULL,
    period_end TIMESTAMP WITH TIME ZONE NOT NULL,
    monthly_allocation {CREDITS} NOT NULL DEFAULT 0 CHECK (monthly_allocation >= 0),
    -- Whether this period's low-balance event was sent (once per period).
    low_balance_notified BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT credit_accounts_within_overdraft CHECK (balance - reserved >= -overdraft_limit)
);
CREATE TABLE credit_buckets (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL REFERENCES credit_accounts (org_id),
    kind TEXT NOT NULL CHECK (kind IN ('monthly', 'purchased', 'promotional')),
    -- Burned in this order: monthly 1, purchased 2, promotional 3 (then earliest expiry).
    burn_order SMALLINT NOT NULL,
    remaining {CREDITS} NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- Only the monthly bucket carries an overdraft (repaid by the next allocation).
    CHECK (remaining >= 0 OR kind = 'monthly'),
    CHECK (burn_order = CASE kind WHEN 'monthly' THEN 1 WHEN 'purchased' THEN 2 ELSE 3 END)
);
CREATE UNIQUE INDEX credit_buckets_one_monthly ON credit_buckets (org_id) WHERE kind = 'monthly';
CREATE INDEX credit_buckets_burn ON credit_buckets (org_id, burn_order, expires_at)
    WHERE remaining <> 0;
CREATE INDEX credit_buckets_expiring ON credit_buckets (expires_at)
    WHERE remaining > 0 AND kind <> 'monthly';
CREATE TABLE credit_reservations (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL REFERENCES credit_accounts (org_id),
    amount {CREDITS} NOT NULL CHECK (amount > 0),
    status TEXT NOT NULL CHECK (status IN ('held', 'settled', 'released', 'expired')),
    settled_amount {CREDITS} CHECK (settled_amount >= 0),
    uncovered_amount {CREDITS} CHECK (uncovered_amount >= 0),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    metadata JSONB NOT NULL DEFAULT '{{}}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    finished_at TIMESTAMP WITH TIME ZONE,
    CHECK ((status = 'held') = (finished_at IS NULL)),
    CHECK ((status = 'settled') = (settled_amount IS NOT NULL))
);
CREATE INDEX credit_reservations_expiry ON credit_reservations (expires_at) WHERE status = 'held';
CREATE INDEX credit_reservations_org ON credit_reservations (org_id, created_at);
CREATE TABLE credit_transactions (
    id UUID PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    org_id UUID NOT NULL REFERENCES credit_accounts (org_id),
    type TEXT NOT NULL,
    amount {CREDITS} NOT NULL,
    balance_after {CREDITS} NOT NULL,
    reserved_change {CREDITS} NOT NULL DEFAULT 0,
    reserved_after {CREDITS} NOT NULL,
    bucket_id UUID REFERENCES credit_buckets (id),
    bucket_kind TEXT,
    reservation_id UUID REFERENCES credit_reservations (id),
    reference TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT,
    metadata JSONB NOT NULL DEFAULT '{{}}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- Sign rules: which way each type may move the balance and the reserved amount.
    CONSTRAINT credit_transactions_sign CHECK (CASE type
        WHEN 'plan_allocation' THEN amount > 0 AND reserved_change = 0
        WHEN 'topup_purchase' THEN amount > 0 AND reserved_change = 0
        WHEN 'promo_bonus' THEN amount > 0 AND reserved_change = 0
        WHEN 'ai_consumption' THEN amount <= 0 AND reserved_change <= 0
        WHEN 'expiration' THEN amount < 0 AND reserved_change = 0
        WHEN 'admin_adjustment' THEN amount <> 0 AND reserved_change = 0
        WHEN 'plan_change_adjustment' THEN amount <> 0 AND reserved_change = 0
        WHEN 'reservation_hold' THEN amount = 0 AND reserved_change > 0
        WHEN 'reservation_release' THEN amount = 0 AND reserved_change < 0
        WHEN 'reservation_expiry' THEN amount = 0 AND reserved_change < 0
        ELSE false END),
    CHECK (reserved_after >= 0),
    CHECK ((amount = 0) OR (bucket_id IS NOT NULL))
);
CREATE INDEX credit_transactions_org ON credit_transactions (org_id, seq);
CREATE INDEX credit_transactions_org_type ON credit_transactions (org_id, type, seq);
CREATE TABLE idempotency_keys (
    org_id UUID NOT NULL,
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    -- SHA-256 of the operation's parameters: the same key with others is refused.
    request_hash BYTEA NOT NULL,
    -- What the first call produced (a reservation or transaction id).
    result_id TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key)
);
CREATE TABLE usage_days (
    org_id UUID NOT NULL,
    day DATE NOT NULL,
    agents_created BIGINT NOT NULL DEFAULT 0,
    runs BIGINT NOT NULL DEFAULT 0,
    input_tokens BIGINT NOT NULL DEFAULT 0,
    output_tokens BIGINT NOT NULL DEFAULT 0,
    cost_usd NUMERIC(18, 6) NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day)
);
CREATE TABLE usage_agents (
    org_id UUID PRIMARY KEY,
    agents BIGINT NOT NULL DEFAULT 0 CHECK (agents >= 0)
);
CREATE TABLE usage_records (
    org_id UUID NOT NULL,
    idempotency_key TEXT NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, idempotency_key)
);
CREATE TABLE usage_alerts (
    org_id UUID NOT NULL,
    period_start TIMESTAMP WITH TIME ZONE NOT NULL,
    limit_kind TEXT NOT NULL,
    threshold_percent SMALLINT NOT NULL,
    sent_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, period_start, limit_kind, threshold_percent)
)
"""

# The ledger is append-only for everyone, the service's own role included.
APPEND_ONLY = [
    """CREATE FUNCTION credit_transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'credit_transactions is append-only';
    END $$""",
    """CREATE TRIGGER credit_transactions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
    ON credit_transactions FOR EACH STATEMENT
    EXECUTE FUNCTION credit_transactions_append_only()""",
]

# tier, rank, name, price (cents), custom pricing, agents, runs/month, runs/hour, credits,
# features. None: unlimited (enterprise credits: agreed per organization).
PLANS = [
    ("free", 1, "Free", 0, False, 3, 100, 10, 10, []),
    ("pro", 2, "Pro", 2900, False, 20, 2000, 100, 500, ["api_access", "analytics_export"]),
    (
        "team", 3, "Team", 9900, False, 100, 10000, 500, 2000,
        ["api_access", "analytics_export", "shared_workspaces", "priority_support"],
    ),
    (
        "enterprise", 4, "Enterprise", 0, True, None, None, None, None,
        ["api_access", "analytics_export", "shared_workspaces", "priority_support", "sso",
         "audit_export"],
    ),
]  # fmt: skip
CAPABILITIES = [
    ("question_generation", "1", "Questions for a testimonial request"),
    ("testimonial_assembly", "2", "A testimonial assembled from answers"),
    ("testimonial_polish", "1", "A testimonial's wording polished"),
    ("agent_run", "5", "One run of an agent"),
]
QUALITY_LEVELS = [("fast", 1, "1.0"), ("enhanced", 2, "1.5"), ("premium", 3, "3.0")]
# id, provider, quality, USD per million input tokens, per million output tokens.
MODELS = [
    ("openai/gpt-4o-mini", "openai", "fast", "0.15", "0.60"),
    ("anthropic/claude-3-5-haiku", "anthropic", "fast", "0.80", "4.00"),
    ("google/gemini-2.0-flash", "google", "fast", "0.10", "0.40"),
    ("anthropic/claude-sonnet-4", "anthropic", "enhanced", "3.00", "15.00"),
    ("openai/gpt-4o", "openai", "enhanced", "2.50", "10.00"),
    ("anthropic/claude-opus-4", "anthropic", "premium", "15.00", "75.00"),
    ("openai/o1", "openai", "premium", "15.00", "60.00"),
]
# Per quality level, the models by priority (the first is the default).
MODELS_BY_QUALITY = {
    quality: [m[0] for m in MODELS if m[2] == quality] for quality, _, _ in QUALITY_LEVELS
}
ALL_CAPABILITIES = [c[0] for c in CAPABILITIES]
# plan → (capabilities, quality levels, requests per minute, requests per day)
PLAN_ACCESS = {
    "free": (["question_generation"], ["fast"], 10, 50),
    "pro": (ALL_CAPABILITIES, ["fast", "enhanced"], 30, 500),
    "team": (ALL_CAPABILITIES, ["fast", "enhanced", "premium"], None, None),
    "enterprise": (ALL_CAPABILITIES, ["fast", "enhanced", "premium"], None, None),
}
PACKAGES = [
    ("credits_100", "100 credits", "100", 999, 1),
    ("credits_500", "500 credits", "500", 3999, 2),
    ("credits_2000", "2000 credits", "2000", 12999, 3),
]


def _seed() -> None:
    from collections.abc import Mapping, Sequence

    import sqlalchemy as sa

    bind = op.get_bind()

    def insert(table: str, columns: str, rows: Sequence[Mapping[str, object]]) -> None:
        names = [c.strip() for c in columns.split(",")]
        values = ", ".join(f":{n}" for n in names)
        bind.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), rows)

    insert(
        "plans",
        "tier, rank, name, monthly_price_minor, custom_pricing, agent_limit, "
        "monthly_run_limit, hourly_run_limit, monthly_credits, features",
        [dict(zip(_PLAN_KEYS, p, strict=True)) for p in PLANS],
    )
    insert(
        "capabilities",
        "name, base_credits, description",
        [{"name": n, "base_credits": c, "description": d} for n, c, d in CAPABILITIES],
    )
    insert(
        "quality_levels",
        "name, rank, credit_multiplier",
        [{"name": n, "rank": r, "credit_multiplier": m} for n, r, m in QUALITY_LEVELS],
    )
    insert(
        "llm_models",
        "id, provider, quality, input_usd_per_million_tokens, output_usd_per_million_tokens",
        [dict(zip(_MODEL_KEYS, m, strict=True)) for m in MODELS],
    )
    access, models = [], []
    for plan, (capabilities, qualities, rpm, rpd) in PLAN_ACCESS.items():
        for capability in capabilities:
            for quality in qualities:
                key = {"plan_tier": plan, "capability": capability, "quality": quality}
                access.append({**key, "requests_per_minute": rpm, "requests_per_day": rpd})
                models += [
                    {**key, "priority": i, "model_id": m}
                    for i, m in enumerate(MODELS_BY_QUALITY[quality])
                ]
    insert(
        "plan_capabilities",
        "plan_tier, capability, quality, requests_per_minute, requests_per_day",
        access,
    )
    insert("plan_capability_models", "plan_tier, capability, quality, priority, model_id", models)
    insert(
        "credit_packages",
        "id, name, credits, price_minor, sort_order",
        [dict(zip(_PACKAGE_KEYS, p, strict=True)) for p in PACKAGES],
    )


_PLAN_KEYS = (
    "tier", "rank", "name", "monthly_price_minor", "custom_pricing", "agent_limit",
    "monthly_run_limit", "hourly_run_limit", "monthly_credits", "features",
)  # fmt: skip
_MODEL_KEYS = (
    "id", "provider", "quality", "input_usd_per_million_tokens", "output_usd_per_million_tokens"
)  # fmt: skip
_PACKAGE_KEYS = ("id", "name", "credits", "price_minor", "sort_order")


def upgrade() -> None:
    # One statement per call: asyncpg prepares each statement.
    for statement in TABLES.split(";\n"):
        if statement.strip():
            op.execute(statement)
    for statement in APPEND_ONLY:
        op.execute(statement)
    _seed()


def downgrade() -> None:
    op.execute(
        "DROP TABLE usage_alerts, usage_records, usage_agents, usage_days, idempotency_keys, "
        "credit_transactions, credit_reservations, credit_buckets, credit_accounts, "
        "stripe_events, subscriptions, credit_packages, plan_capability_models, "
        "plan_capabilities, llm_models, quality_levels, capabilities, plans CASCADE"
    )
    op.execute("DROP FUNCTION credit_transactions_append_only")

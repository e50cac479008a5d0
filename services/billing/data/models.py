"""billing's tables, for queries (SQLAlchemy Core). The schema itself, with its checks,
triggers and seeded catalog, is in migrations/versions/ (0002_billing.py, then the changes
after it)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

metadata = MetaData()


def _credits(name: str, **kwargs: object) -> Column[object]:
    return Column(name, Numeric(18, 4, asdecimal=True), **kwargs)  # type: ignore[arg-type]


def _at(name: str, **kwargs: object) -> Column[object]:
    return Column(name, DateTime(timezone=True), **kwargs)  # type: ignore[arg-type]


plans = Table(
    "plans",
    metadata,
    Column("tier", Text, primary_key=True),
    Column("rank", SmallInteger),
    Column("name", Text),
    Column("currency", Text),
    Column("monthly_price_minor", BigInteger),
    Column("custom_pricing", Boolean),
    Column("agent_limit", Integer),
    Column("monthly_run_limit", Integer),
    Column("hourly_run_limit", Integer),
    Column("concurrent_run_limit", Integer),
    _credits("monthly_credits"),
    Column("features", ARRAY(Text)),
    _credits("welcome_bonus_credits"),  # migration 0010
)
capabilities = Table(
    "capabilities",
    metadata,
    Column("name", Text, primary_key=True),
    _credits("base_credits"),
    Column("description", Text),
)
quality_levels = Table(
    "quality_levels",
    metadata,
    Column("name", Text, primary_key=True),
    Column("rank", SmallInteger),
    Column("credit_multiplier", Numeric(6, 3, asdecimal=True)),
)
llm_models = Table(
    "llm_models",
    metadata,
    Column("id", Text, primary_key=True),
    Column("provider", Text),
    Column("quality", Text),
    Column("input_usd_per_million_tokens", Numeric(12, 4, asdecimal=True)),
    Column("output_usd_per_million_tokens", Numeric(12, 4, asdecimal=True)),
    # Migration 0008.
    Column("display_name", Text),
    Column("context_window_tokens", Integer),
    Column("active", Boolean),
    Column("deprecation_date", Date),
    Column("replacement_model_id", Text),
)
plan_capabilities = Table(
    "plan_capabilities",
    metadata,
    Column("plan_tier", Text, primary_key=True),
    Column("capability", Text, primary_key=True),
    Column("quality", Text, primary_key=True),
    Column("requests_per_minute", Integer),
    Column("requests_per_day", Integer),
)
plan_capability_models = Table(
    "plan_capability_models",
    metadata,
    Column("plan_tier", Text, primary_key=True),
    Column("capability", Text, primary_key=True),
    Column("quality", Text, primary_key=True),
    Column("priority", SmallInteger, primary_key=True),
    Column("model_id", Text),
)
credit_packages = Table(
    "credit_packages",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text),
    _credits("credits"),
    Column("currency", Text),
    Column("price_minor", BigInteger),
    Column("sort_order", SmallInteger),
    Column("active", Boolean),
)
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("plan_tier", Text),
    Column("status", Text),
    _at("current_period_start"),
    _at("current_period_end"),
    Column("cancel_at_period_end", Boolean),
    Column("pending_plan_tier", Text),
    _credits("custom_monthly_credits"),
    Column("stripe_customer_id", Text),
    Column("stripe_subscription_id", Text),
    _at("stripe_event_at"),
    _at("created_at"),
    _at("updated_at"),
    # Opened before identity's `organization.created` said whose child it is, if anyone's
    # (migration 0011): its holds wait for it (`domain.pools.parentage_known`).
    Column("provisional", Boolean),
)
stripe_events = Table(
    "stripe_events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("type", Text),
    _at("stripe_created_at"),
    Column("org_id", UUID(as_uuid=True)),
    Column("outcome", Text),
    _at("processed_at"),
)
credit_accounts = Table(
    "credit_accounts",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    _credits("balance"),
    _credits("reserved"),
    _credits("overdraft_limit"),
    _at("period_start"),
    _at("period_end"),
    _credits("monthly_allocation"),
    Column("low_balance_notified", Boolean),
    _at("updated_at"),
)
credit_buckets = Table(
    "credit_buckets",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("org_id", UUID(as_uuid=True)),
    Column("kind", Text),
    Column("burn_order", SmallInteger),
    _credits("remaining"),
    _at("expires_at"),
    _at("created_at"),
)
credit_reservations = Table(
    "credit_reservations",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("org_id", UUID(as_uuid=True)),
    _credits("amount"),
    Column("status", Text),
    _credits("settled_amount"),
    _credits("uncovered_amount"),
    _at("expires_at"),
    Column("metadata", JSONB),
    _at("created_at"),
    _at("finished_at"),
    Column("owner_kind", Text),
    Column("owner_id", Text),
    Column("spent_by_org_id", UUID(as_uuid=True)),
)
credit_transactions = Table(
    "credit_transactions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("seq", BigInteger),
    Column("org_id", UUID(as_uuid=True)),
    Column("type", Text),
    _credits("amount"),
    _credits("balance_after"),
    _credits("reserved_change"),
    _credits("reserved_after"),
    Column("bucket_id", UUID(as_uuid=True)),
    Column("bucket_kind", Text),
    Column("reservation_id", UUID(as_uuid=True)),
    Column("reference", Text),
    Column("idempotency_key", Text),
    Column("metadata", JSONB),
    _at("created_at"),
    Column("spent_by_org_id", UUID(as_uuid=True)),
)
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("owner_kind", Text, primary_key=True),
    Column("owner_id", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("operation", Text),
    Column("request_hash", LargeBinary),
    Column("result_id", Text),
    _at("created_at"),
)
usage_days = Table(
    "usage_days",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("agents_created", BigInteger),
    Column("runs", BigInteger),
    Column("input_tokens", BigInteger),
    Column("output_tokens", BigInteger),
    Column("cost_usd", Numeric(18, 6, asdecimal=True)),
)
usage_agents = Table(
    "usage_agents",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("agents", BigInteger),
)
usage_records = Table(
    "usage_records",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("idempotency_key", Text, primary_key=True),
    _at("recorded_at"),
)
usage_alerts = Table(
    "usage_alerts",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    _at("period_start", primary_key=True),
    Column("limit_kind", Text, primary_key=True),
    Column("threshold_percent", SmallInteger, primary_key=True),
    _at("sent_at"),
)

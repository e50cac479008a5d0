"""Money that goes back through Stripe takes its credits back; ended subscriptions stay ended.

- `credit_purchases`: each credit package paid through Checkout, by its PaymentIntent (what
  a refund's charge and a dispute name), with what Stripe says went back (its running total
  of refunds; `credit_purchase_disputes` per dispute) and the credits taken back so far.
- `purchase_reversal` transactions: credits of a purchase taken back (< 0: a refund, a
  dispute) or given back (> 0: a dispute won). Taking back may take the balance below zero
  and beyond the overdraft: `credit_accounts.reversal_debt` is how far below its overdraft
  floor the account was taken by reversals (raised by each one as it is recorded, lowered
  as credits come in, never more than what is still uncovered), and the overdraft rule of
  0002 allows that far and no further. Every other operation stays within the overdraft.
- `stripe_subscriptions`: each Stripe subscription of an organization, with the status the
  newest event applied gave it and the status that event moved from, and when it ended (a
  canceled subscription never comes back: an event about it after that changes nothing).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CREDITS = "NUMERIC(18, 4)"

UPGRADE = [
    f"""CREATE TABLE credit_purchases (
    payment_intent TEXT PRIMARY KEY,
    org_id UUID NOT NULL,
    -- Set when the credits are granted (a refund or a dispute may be told first).
    checkout_session TEXT UNIQUE,
    credits {CREDITS} CHECK (credits > 0),
    amount_minor BIGINT CHECK (amount_minor > 0),
    -- Stripe's running total of the charge's refunds (it only grows).
    refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    -- Credits taken back so far (less what won disputes gave back).
    reversed {CREDITS} NOT NULL DEFAULT 0 CHECK (reversed >= 0),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CHECK (credits IS NULL OR reversed <= credits)
)""",
    "CREATE INDEX credit_purchases_org ON credit_purchases (org_id)",
    """CREATE TABLE credit_purchase_disputes (
    id TEXT PRIMARY KEY,
    payment_intent TEXT NOT NULL REFERENCES credit_purchases (payment_intent),
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    status TEXT NOT NULL,
    stripe_event_at TIMESTAMP WITH TIME ZONE NOT NULL
)""",
    "CREATE INDEX credit_purchase_disputes_payment ON credit_purchase_disputes (payment_intent)",
    """CREATE TABLE stripe_subscriptions (
    id TEXT PRIMARY KEY,
    org_id UUID NOT NULL,
    status TEXT NOT NULL,
    status_from TEXT,
    stripe_event_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at TIMESTAMP WITH TIME ZONE
)""",
    "ALTER TABLE credit_transactions DROP CONSTRAINT credit_transactions_sign",
    """ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_sign CHECK (CASE type
        WHEN 'plan_allocation' THEN amount > 0 AND reserved_change = 0
        WHEN 'topup_purchase' THEN amount > 0 AND reserved_change = 0
        WHEN 'promo_bonus' THEN amount > 0 AND reserved_change = 0
        WHEN 'ai_consumption' THEN amount <= 0 AND reserved_change <= 0
        WHEN 'expiration' THEN amount < 0 AND reserved_change = 0
        WHEN 'admin_adjustment' THEN amount <> 0 AND reserved_change = 0
        WHEN 'plan_change_adjustment' THEN amount <> 0 AND reserved_change = 0
        WHEN 'purchase_reversal' THEN amount <> 0 AND reserved_change = 0
        WHEN 'reservation_hold' THEN amount = 0 AND reserved_change > 0
        WHEN 'reservation_release' THEN amount = 0 AND reserved_change < 0
        WHEN 'reservation_expiry' THEN amount = 0 AND reserved_change < 0
        ELSE false END)""",
    f"ALTER TABLE credit_accounts ADD COLUMN reversal_debt {CREDITS} NOT NULL DEFAULT 0 "
    "CHECK (reversal_debt >= 0)",
    "ALTER TABLE credit_accounts DROP CONSTRAINT credit_accounts_within_overdraft",
    "ALTER TABLE credit_accounts ADD CONSTRAINT credit_accounts_within_overdraft "
    "CHECK (balance - reserved >= -overdraft_limit - reversal_debt)",
    # A reversal raises the debt as it is recorded (the ledger writes its transactions
    # before the account's new balance), so the account's update that follows may go that
    # far below the overdraft floor.
    """CREATE FUNCTION credit_reversal_debt() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE credit_accounts SET reversal_debt = reversal_debt - NEW.amount
        WHERE org_id = NEW.org_id;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER credit_reversal_debt AFTER INSERT ON credit_transactions
    FOR EACH ROW WHEN (NEW.type = 'purchase_reversal' AND NEW.amount < 0)
    EXECUTE FUNCTION credit_reversal_debt()""",
    # Any other change of the account lowers the debt to what is still uncovered: credits
    # that come in pay it off, and nothing else may use it.
    """CREATE FUNCTION credit_reversal_debt_covered() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.reversal_debt <= OLD.reversal_debt THEN
        NEW.reversal_debt := LEAST(NEW.reversal_debt,
          GREATEST(0, -NEW.overdraft_limit - (NEW.balance - NEW.reserved)));
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER credit_reversal_debt_covered BEFORE UPDATE ON credit_accounts
    FOR EACH ROW EXECUTE FUNCTION credit_reversal_debt_covered()""",
]

DOWNGRADE = [
    "DROP TRIGGER credit_reversal_debt_covered ON credit_accounts",
    "DROP FUNCTION credit_reversal_debt_covered",
    "DROP TRIGGER credit_reversal_debt ON credit_transactions",
    "DROP FUNCTION credit_reversal_debt",
    # Accounts still below their overdraft floor get the floor lowered to where they are, so
    # that 0002's rule holds again (and they still make no new hold until covered).
    "UPDATE credit_accounts SET overdraft_limit = reserved - balance "
    "WHERE balance - reserved < -overdraft_limit",
    "ALTER TABLE credit_accounts DROP CONSTRAINT credit_accounts_within_overdraft",
    "ALTER TABLE credit_accounts DROP COLUMN reversal_debt",
    "ALTER TABLE credit_accounts ADD CONSTRAINT credit_accounts_within_overdraft "
    "CHECK (balance - reserved >= -overdraft_limit)",
    # Reversals already recorded stay (the ledger is append-only): the old sign rule is
    # restored for new rows only.
    "ALTER TABLE credit_transactions DROP CONSTRAINT credit_transactions_sign",
    """ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_sign CHECK (CASE type
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
        ELSE false END) NOT VALID""",
    "DROP TABLE stripe_subscriptions, credit_purchase_disputes, credit_purchases",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)

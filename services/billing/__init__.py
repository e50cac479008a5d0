"""billing: plans and entitlements, usage limits, the credits ledger with reservations,
Stripe checkout, portal and webhooks, and rate limits in Redis (see README.md)."""

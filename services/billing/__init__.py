"""billing: plans and entitlements, usage limits, the credits ledger, Stripe, rate limits.

Not built yet: it runs on the shared runtime with its database, event outbox and
health service, and no API of its own.
"""

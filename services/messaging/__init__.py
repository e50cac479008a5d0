"""messaging: channels, conversations and messages, human takeover, notifications, webhooks.

Not built yet: it runs on the shared runtime with its database, event outbox and
health service, and no API of its own.
"""

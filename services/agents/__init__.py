"""agents: agents and their versions, runs and run events, cost tracking, analytics, share links.

Not built yet: it runs on the shared runtime with its database, event outbox and
health service, and no API of its own.
"""

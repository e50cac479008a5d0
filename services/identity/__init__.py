"""identity: users, organizations, memberships and roles, invitations, API keys, audit
log, JWT issuing.

Not built yet: it runs on the shared runtime with its database, event outbox and
health service, and no API of its own.
"""

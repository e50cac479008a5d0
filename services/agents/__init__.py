"""agents: organization agents with visibility and immutable versions (services/agents/README.md).

Runs and run events, cost tracking, analytics and share links come next.
"""

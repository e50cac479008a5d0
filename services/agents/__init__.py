"""agents: organization agents with visibility and immutable versions, threads, durable runs
on real model providers and tools with streamed events and their cost, share links and
analytics (services/agents/README.md)."""

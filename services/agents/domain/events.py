"""A run's events, as its watchers read them (`data.run_events`)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class RunEvent:
    run_id: uuid.UUID
    sequence: int
    type: str
    data: dict[str, Any]
    terminal: bool
    created_at: datetime | None = None


class Watcher(Protocol):
    async def page(self, run_id: uuid.UUID, after: int, limit: int) -> list[RunEvent]:
        """Events after sequence `after`, in order."""

    def follow(self, run_id: uuid.UUID, after: int) -> AsyncIterator[RunEvent]:
        """Events after `after`, then the new ones as they are written, until the
        terminal event (the last one yielded)."""

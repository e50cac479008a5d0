"""Server-Sent Events as the API streams them: a run's events (`GET /v1/runs/{id}/events`,
and a share link's `GET /v1/share/{share_id}/runs/{run_id}/events`).

Each frame is `id:` the event's sequence number, `event:` its type and `data:` the event as
JSON (`run_id`, `sequence`, `type`, `data`); the server ends the stream after the run's last
event. `Last-Event-ID` resumes after a sequence number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RunEvent:
    """One of a run's events: `run.queued`, `run.started`, `message.delta`, …, and last one
    of `run.completed`, `run.failed`, `run.cancelled`, `run.timed_out`."""

    id: str
    type: str
    run_id: str
    sequence: int
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: SseFrame) -> RunEvent:
        body: Any = json.loads(frame.data) if frame.data else {}
        if not isinstance(body, dict):
            body = {"data": body}
        sequence = body.get("sequence")
        return cls(
            id=frame.id,
            type=frame.event or str(body.get("type", "message")),
            run_id=str(body.get("run_id", "")),
            sequence=int(sequence) if sequence is not None else int(frame.id or 0),
            data=dict(body.get("data") or {}),
        )


@dataclass(frozen=True)
class SseFrame:
    """One dispatched Server-Sent Event (the WHATWG fields: id, event, data)."""

    id: str
    event: str
    data: str


class SseDecoder:
    """Lines in, frames out, by the WHATWG event-stream rules: `field: value` lines,
    several `data:` lines joined by newlines, `:` comments, a blank line dispatches, and
    the last `id:` carries over to later frames."""

    def __init__(self) -> None:
        self.last_id = ""
        self._event = ""
        self._data: list[str] = []
        self._seen = False

    def feed(self, line: str) -> SseFrame | None:
        line = line.rstrip("\r\n")
        if not line:
            if not self._seen:
                return None
            frame = SseFrame(self.last_id, self._event, "\n".join(self._data))
            self._event, self._data, self._seen = "", [], False
            return frame
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self.last_id = value
        else:
            return None  # `retry:` and unknown fields
        self._seen = True
        return None

"""What the event streams hold for their consumer groups (`keel_runtime.events` moves them).

- Lag: per stream and consumer group, the entries delivered but not acknowledged
  (pending), the entries not yet delivered, and the age of the oldest entry not yet
  acknowledged. `keel events` shows them; consumers report them as metrics.
- Trimming: a source's stream loses only entries every consumer group has acknowledged,
  however far one lags; a stream no group reads keeps its last `UNREAD_MAXLEN` entries.
- Dead letters: the entries of `keel:dead:<group>`, listed (`keel events dead-letters`)
  and replayed (`keel events replay`): moved to `keel:replay:<group>`, which only that
  group reads, so the events are applied again by the group that gave up on them.

Works on Redis 6.2 (the embedded stack's) and 7; 7 counts undelivered entries itself.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import redis.asyncio as redis

UNREAD_MAXLEN = 1_000_000  # approximate; a stream without consumer groups keeps this many
_COUNT_LIMIT = 10_000  # Redis 6.2: undelivered entries counted up to this many


def stream_name(source: str) -> str:
    return f"keel:events:{source}"


def dead_letter_stream(group: str) -> str:
    """Where a consumer group's events go when their handler keeps failing."""
    return f"keel:dead:{group}"


def replay_stream(group: str) -> str:
    """Dead letters sent back to their group (`replay`); read by that group only."""
    return f"keel:replay:{group}"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _id(entry_id: bytes | str) -> tuple[int, int]:
    milliseconds, _, sequence = _text(entry_id).partition("-")
    return int(milliseconds), int(sequence or 0)


@dataclass(frozen=True)
class GroupLag:
    stream: str
    group: str
    pending: int  # delivered to the group, not acknowledged
    undelivered: int  # not yet read by the group (counted up to _COUNT_LIMIT on Redis 6.2)
    oldest_ms: int | None  # when the oldest entry not yet acknowledged was added

    @property
    def lag(self) -> int:
        """Events of the stream the group has not applied yet."""
        return self.pending + self.undelivered

    def oldest_seconds(self, now: float | None = None) -> float:
        """How long the oldest entry not yet acknowledged has waited (0 when none)."""
        if self.oldest_ms is None:
            return 0.0
        return max(0.0, (now if now is not None else time.time()) - self.oldest_ms / 1000)


async def _groups(client: redis.Redis, stream: str) -> list[dict[str, Any]]:
    try:
        groups: list[dict[str, Any]] = await client.xinfo_groups(stream)
    except redis.ResponseError as exc:
        if "no such key" in str(exc).lower():
            return []  # nothing was ever published nor read
        raise
    return groups


async def _oldest_pending(client: redis.Redis, stream: str, group: dict[str, Any]) -> bytes | None:
    if not group["pending"]:
        return None
    summary: Any = await client.xpending(stream, group["name"])
    oldest: bytes | None = summary["min"]
    return oldest


async def _after(client: redis.Redis, stream: str, entry_id: bytes, count: int) -> list[Any]:
    entries: Any = await client.xrange(stream, f"({_text(entry_id)}", "+", count=count)
    return list(entries)


async def _undelivered(client: redis.Redis, stream: str, group: dict[str, Any]) -> int:
    if group.get("lag") is not None:  # Redis 7
        return int(group["lag"])
    counted, last = 0, group["last-delivered-id"]
    while counted < _COUNT_LIMIT:
        page = await _after(client, stream, last, 1000)
        if not page:
            break
        counted, last = counted + len(page), page[-1][0]
    return counted


async def group_lags(client: redis.Redis, stream: str, only: str | None = None) -> list[GroupLag]:
    """Every consumer group of `stream` (or the one named `only`), with what it has not
    applied yet."""
    lags = []
    for group in await _groups(client, stream):
        if only is not None and _text(group["name"]) != only:
            continue
        oldest = await _oldest_pending(client, stream, group)
        if oldest is None:
            first_undelivered = await _after(client, stream, group["last-delivered-id"], 1)
            oldest = first_undelivered[0][0] if first_undelivered else None
        lag = GroupLag(
            stream=stream,
            group=_text(group["name"]),
            pending=int(group["pending"]),
            undelivered=await _undelivered(client, stream, group),
            oldest_ms=_id(oldest)[0] if oldest is not None else None,
        )
        lags.append(lag)
    return lags


async def trim_acknowledged(client: redis.Redis, stream: str) -> int:
    """Drop the entries of `stream` every consumer group has acknowledged; returns how many."""
    groups = await _groups(client, stream)
    if not groups:
        trimmed: int = await client.xtrim(stream, maxlen=UNREAD_MAXLEN, approximate=True)
        return trimmed
    # A group has acknowledged everything before its oldest pending entry or, with none
    # pending, everything it was delivered.
    floors = []
    for group in groups:
        oldest = await _oldest_pending(client, stream, group)
        floors.append(_id(oldest if oldest is not None else group["last-delivered-id"]))
    milliseconds, sequence = min(floors)
    trimmed = await client.xtrim(stream, minid=f"{milliseconds}-{sequence}", approximate=False)
    return trimmed


async def event_streams(client: redis.Redis) -> list[str]:
    """The sources' streams in this Redis, by name."""
    found = [_text(key) async for key in client.scan_iter(match=stream_name("*"), _type="stream")]
    return sorted(found)


async def dead_letter_groups(client: redis.Redis) -> dict[str, int]:
    """Consumer group → how many dead letters it has."""
    prefix = dead_letter_stream("")
    counts = {}
    async for key in client.scan_iter(match=f"{prefix}*", _type="stream"):
        counts[_text(key).removeprefix(prefix)] = int(await client.xlen(key))
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class DeadLetter:
    entry_id: str  # in the dead-letter stream
    group: str
    stream: str  # where the event was read from
    event_id: str
    type: str
    error: str

    @property
    def dead_at(self) -> float:
        return _id(self.entry_id)[0] / 1000


def _dead_letter(group: str, entry_id: bytes, fields: dict[bytes, bytes]) -> DeadLetter:
    def field(name: bytes) -> str:
        return fields.get(name, b"").decode(errors="replace")

    return DeadLetter(
        entry_id=_text(entry_id),
        group=group,
        stream=field(b"stream"),
        event_id=field(b"id"),
        type=field(b"type"),
        error=field(b"error"),
    )


async def dead_letters(client: redis.Redis, group: str) -> list[DeadLetter]:
    """The group's dead letters, oldest first."""
    entries: Any = await client.xrange(dead_letter_stream(group))
    return [_dead_letter(group, entry_id, fields) for entry_id, fields in entries]


async def replay(client: redis.Redis, group: str, entry_ids: Sequence[str] = ()) -> list[str]:
    """Send the group's dead letters (all, or those of `entry_ids`) back to the group;
    returns the dead-letter ids replayed. Each moves in one transaction (MULTI): it is in
    one of the two streams at any time."""
    dead = dead_letter_stream(group)
    entries: Any = await client.xrange(dead)
    wanted = set(entry_ids)
    replayed = []
    for entry_id, fields in entries:
        if wanted and _text(entry_id) not in wanted:
            continue
        again = {k: v for k, v in fields.items() if k in (b"id", b"type", b"envelope", b"stream")}
        async with client.pipeline(transaction=True) as pipe:
            pipe.xadd(replay_stream(group), again)
            pipe.xdel(dead, entry_id)
            await pipe.execute()
        replayed.append(_text(entry_id))
    return replayed

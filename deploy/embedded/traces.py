"""Read the spans JSONL written by the OTLP receiver and show traces as trees.

keel traces            the most recent traces, one line each
keel trace [ID]        one trace (default: the latest) as an indented tree
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SpanRecord = dict[str, Any]
_TAIL_BYTES = 64 * 1024 * 1024  # enough for many thousands of recent spans
_SQL_CHARS = 60


class AmbiguousTraceId(ValueError):
    """A trace id prefix matches several traces."""


def load_spans(path: Path, tail_bytes: int = _TAIL_BYTES) -> list[SpanRecord]:
    """Spans from the end of the JSONL file; partial or malformed lines are skipped."""
    try:
        with path.open("rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - tail_bytes))
            data = f.read()
    except FileNotFoundError:
        return []
    lines = data.splitlines()
    if size > tail_bytes and lines:
        lines = lines[1:]  # we started mid-line
    spans = []
    for line in lines:
        try:
            spans.append(json.loads(line))
        except ValueError:
            continue  # a line being written right now
    return spans


def group_by_trace(spans: Iterable[SpanRecord]) -> dict[str, list[SpanRecord]]:
    traces: dict[str, list[SpanRecord]] = {}
    for span in spans:
        traces.setdefault(span["trace_id"], []).append(span)
    return traces


def _duration_ms(span: SpanRecord) -> float:
    return max(0, span["end_unix_nano"] - span["start_unix_nano"]) / 1e6


# -- one trace as a tree ------------------------------------------------------------------


@dataclass
class SpanNode:
    span: SpanRecord
    children: list[SpanNode] = field(default_factory=list)
    orphan: bool = False  # its parent span was not received (yet)


def build_tree(spans: list[SpanRecord]) -> list[SpanNode]:
    """Root nodes of one trace, children ordered by start time; orphans become roots."""
    nodes = {s["span_id"]: SpanNode(s) for s in sorted(spans, key=lambda s: s["start_unix_nano"])}
    roots: list[SpanNode] = []
    for node in nodes.values():
        parent_id = node.span.get("parent_span_id") or ""
        parent = nodes.get(parent_id)
        if parent is None or parent is node:
            node.orphan = parent_id != ""
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def render_trace(spans: list[SpanRecord]) -> str:
    """Header line plus one line per span: offset, duration, status, tree, service, name."""
    if not spans:
        return "no spans"
    start = min(s["start_unix_nano"] for s in spans)
    end = max(s["end_unix_nano"] for s in spans)
    services = _services(spans)
    lines = [
        f"trace {spans[0]['trace_id']}  {_clock(start)}  {(end - start) / 1e6:.1f} ms  "
        f"{len(spans)} spans  services: {', '.join(services)}",
        f"{'OFFSET':>9} {'DURATION':>11}  {'STATUS':<6} SPAN",
    ]
    for root in build_tree(spans):
        _render_node(root, start, "", "", lines)
    return "\n".join(lines)


def _render_node(node: SpanNode, t0: int, lead: str, child_lead: str, out: list[str]) -> None:
    span = node.span
    offset = (span["start_unix_nano"] - t0) / 1e6
    label = f"{span['service']}: {span['name']}{_detail(span)}"
    if span.get("kind") not in (None, "", "INTERNAL", "UNSPECIFIED"):
        label += f" ({span['kind'].lower()})"
    if node.orphan:
        label += " [parent span missing]"
    if span.get("status") == "ERROR" and span.get("status_message"):
        label += f" — {span['status_message']}"
    status = span.get("status") or "UNSET"
    out.append(f"{offset:>7.1f}ms {_duration_ms(span):>8.2f} ms  {status:<6} {lead}{label}")
    for i, child in enumerate(node.children):
        last = i == len(node.children) - 1
        _render_node(
            child,
            t0,
            child_lead + ("└─ " if last else "├─ "),
            child_lead + ("   " if last else "│  "),
            out,
        )


def _detail(span: SpanRecord) -> str:
    """What the span name leaves out: the HTTP path of a request, the SQL of a query."""
    attrs = span.get("attributes") or {}
    url = attrs.get("http.url") or attrs.get("url.full")
    if isinstance(url, str) and urlsplit(url).path not in span["name"]:
        return f" {urlsplit(url).path}"
    statement = attrs.get("db.statement") or attrs.get("db.query.text")
    if isinstance(statement, str):
        flat = " ".join(statement.split())
        if flat.startswith(span["name"]):  # "SELECT" + "SELECT a FROM t" → "SELECT a FROM t"
            flat = flat[len(span["name"]) :].lstrip()
        return f" {flat[:_SQL_CHARS]}{'…' if len(flat) > _SQL_CHARS else ''}"
    return ""


# -- many traces --------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceSummary:
    trace_id: str
    root: str  # "service: span name" of the earliest root span
    span_count: int
    services: list[str]
    start_unix_nano: int
    duration_ms: float
    errors: int


def summarize(trace_id: str, spans: list[SpanRecord]) -> TraceSummary:
    roots = build_tree(spans)
    first = roots[0].span
    start = min(s["start_unix_nano"] for s in spans)
    end = max(s["end_unix_nano"] for s in spans)
    return TraceSummary(
        trace_id=trace_id,
        root=f"{first['service']}: {first['name']}{_detail(first)}",
        span_count=len(spans),
        services=_services(spans),
        start_unix_nano=start,
        duration_ms=(end - start) / 1e6,
        errors=sum(1 for s in spans if s.get("status") == "ERROR"),
    )


def recent_traces(
    spans: Iterable[SpanRecord], limit: int = 20, min_spans: int = 1, service: str | None = None
) -> list[TraceSummary]:
    """The `limit` traces that started last, newest first, with at least `min_spans` spans
    and, if given, a span of `service`."""
    summaries = [
        summarize(tid, group)
        for tid, group in group_by_trace(spans).items()
        if len(group) >= min_spans and service in (None, *(s["service"] for s in group))
    ]
    summaries.sort(key=lambda t: t.start_unix_nano, reverse=True)
    return summaries[:limit]


def find_trace(spans: Iterable[SpanRecord], trace_id: str | None) -> list[SpanRecord]:
    """Spans of `trace_id` (a unique prefix is enough), or of the latest trace when None.

    "Latest" prefers traces of several spans: a request crosses processes, while
    background jobs (outbox polls, pool pings) leave single-span traces all the time.
    """
    spans = list(spans)
    traces = group_by_trace(spans)
    if trace_id is None:
        latest = recent_traces(spans, 1, min_spans=2) or recent_traces(spans, 1)
        return traces[latest[0].trace_id] if latest else []
    wanted = trace_id.lower()
    matches = [tid for tid in traces if tid.startswith(wanted)]
    if len(matches) > 1:
        raise AmbiguousTraceId(f"trace id prefix {trace_id!r} is ambiguous ({len(matches)} traces)")
    return traces[matches[0]] if matches else []


def render_trace_list(summaries: list[TraceSummary]) -> str:
    if not summaries:
        return "no traces yet"
    lines = [f"{'TRACE ID':<32}  {'STARTED':<12} {'DURATION':>10} {'SPANS':>5} {'ERR':>3}  ROOT"]
    for t in summaries:
        lines.append(
            f"{t.trace_id:<32}  {_clock(t.start_unix_nano):<12} {t.duration_ms:>7.1f} ms "
            f"{t.span_count:>5} {t.errors:>3}  {t.root}  [{', '.join(t.services)}]"
        )
    return "\n".join(lines)


def _services(spans: list[SpanRecord]) -> list[str]:
    """Service names in order of their first span."""
    ordered = sorted(spans, key=lambda s: s["start_unix_nano"])
    return list(dict.fromkeys(s["service"] for s in ordered))


def _clock(unix_nano: int) -> str:
    return datetime.fromtimestamp(unix_nano / 1e9).strftime("%H:%M:%S.%f")[:-3]

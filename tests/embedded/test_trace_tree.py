"""The local trace viewer: spans JSONL → trees and trace lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deploy.embedded import traces

T0 = 1_800_000_000_000_000_000
TRACE = "a" * 32
OTHER = "b" * 32


def span(
    span_id: str,
    parent: str,
    name: str,
    service: str,
    start_ms: float,
    end_ms: float,
    trace_id: str = TRACE,
    status: str = "UNSET",
    kind: str = "INTERNAL",
) -> dict:
    return {
        "trace_id": trace_id,
        "span_id": span_id,
        "parent_span_id": parent,
        "name": name,
        "kind": kind,
        "service": service,
        "scope": "test",
        "start_unix_nano": T0 + int(start_ms * 1e6),
        "end_unix_nano": T0 + int(end_ms * 1e6),
        "status": status,
        "status_message": "boom" if status == "ERROR" else "",
        "attributes": {},
    }


# Deliberately out of order, as spans arrive from several exporters.
SPANS = [
    span("03", "02", "SELECT keel_catalog", "catalog", 3, 5),
    span("05", "01", "keel.billing.v1.BillingService/Check", "billing", 10, 12, status="ERROR"),
    span("01", "", "ingress", "gateway", 0, 20, kind="SERVER"),
    span("02", "01", "keel.catalog.v1.CatalogService/ListCategories", "catalog", 1, 8),
    span("04", "02", "redis GET", "catalog", 6, 7),
    span("99", "", "other root", "identity", 50, 51, trace_id=OTHER),
]


def test_tree_nests_children_under_parents_in_start_order() -> None:
    roots = traces.build_tree([s for s in SPANS if s["trace_id"] == TRACE])
    assert [r.span["span_id"] for r in roots] == ["01"]
    root = roots[0]
    assert [c.span["span_id"] for c in root.children] == ["02", "05"]
    catalog = root.children[0]
    assert [c.span["span_id"] for c in catalog.children] == ["03", "04"]
    assert root.children[1].children == []


def test_span_whose_parent_is_missing_becomes_a_marked_root() -> None:
    spans = [span("01", "", "root", "gateway", 0, 10), span("07", "66", "late", "agents", 2, 3)]
    roots = traces.build_tree(spans)
    assert [(r.span["span_id"], r.orphan) for r in roots] == [("01", False), ("07", True)]
    assert "[parent span missing]" in traces.render_trace(spans)


def test_render_draws_the_tree_with_service_duration_and_status() -> None:
    text = traces.render_trace([s for s in SPANS if s["trace_id"] == TRACE])
    lines = text.splitlines()
    assert lines[0].startswith(f"trace {TRACE}")
    assert "5 spans" in lines[0] and "services: gateway, catalog, billing" in lines[0]
    body = [line.split(maxsplit=4)[4] for line in lines[2:]]  # after offset/duration/status
    assert body == [
        "gateway: ingress (server)",
        "├─ catalog: keel.catalog.v1.CatalogService/ListCategories",
        "│  ├─ catalog: SELECT keel_catalog",
        "│  └─ catalog: redis GET",
        "└─ billing: keel.billing.v1.BillingService/Check — boom",
    ]
    assert "20.00 ms" in lines[2] and "ERROR" in lines[-1]


def test_recent_traces_newest_first_with_counts() -> None:
    summaries = traces.recent_traces(SPANS)
    assert [t.trace_id for t in summaries] == [OTHER, TRACE]
    main = summaries[1]
    assert main.root == "gateway: ingress"
    assert (main.span_count, main.errors) == (5, 1)
    assert main.services == ["gateway", "catalog", "billing"]
    assert main.duration_ms == pytest.approx(20.0)
    listing = traces.render_trace_list(summaries)
    assert listing.splitlines()[1].startswith(OTHER)
    assert [t.trace_id for t in traces.recent_traces(SPANS, min_spans=2)] == [TRACE]
    assert [t.trace_id for t in traces.recent_traces(SPANS, service="identity")] == [OTHER]
    assert len(traces.recent_traces(SPANS, limit=1)) == 1


def test_detail_shows_the_http_path_and_the_sql() -> None:
    ingress = span("01", "", "ingress", "gateway", 0, 1, kind="SERVER")
    ingress["attributes"] = {"http.url": "http://127.0.0.1:8080/v1/plans?x=1"}
    query = span("02", "01", "SELECT", "billing", 0, 1)
    query["attributes"] = {"db.statement": "SELECT plans.id\nFROM plans"}
    text = traces.render_trace([ingress, query])
    assert "gateway: ingress /v1/plans (server)" in text
    assert "billing: SELECT plans.id FROM plans" in text


def test_find_trace_latest_by_prefix_and_ambiguity() -> None:
    # The latest trace of several spans wins over a newer single-span (background) one.
    assert {s["trace_id"] for s in traces.find_trace(SPANS, None)} == {TRACE}
    singles = [s for s in SPANS if s["span_id"] in ("01", "99")]
    assert {s["trace_id"] for s in traces.find_trace(singles, None)} == {OTHER}
    assert len(traces.find_trace(SPANS, "aaaa")) == 5
    assert traces.find_trace(SPANS, "cccc") == []
    with pytest.raises(traces.AmbiguousTraceId):
        traces.find_trace(SPANS, "")


def test_load_spans_skips_a_partially_written_line(tmp_path: Path) -> None:
    path = tmp_path / "spans.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in SPANS) + '{"trace_id": "a')
    assert len(traces.load_spans(path)) == len(SPANS)
    assert traces.load_spans(tmp_path / "missing.jsonl") == []

"""One logging setup: JSON lines that carry the active trace and span ids."""

from __future__ import annotations

import io
import json
import logging

from opentelemetry import trace

from keel_runtime.logs import JsonFormatter


def _log_line(emit) -> dict:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("catalog"))
    logger = logging.getLogger("test.logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return json.loads(stream.getvalue())


def test_log_lines_carry_trace_and_span_ids_and_extra_fields():
    with trace.get_tracer("test").start_as_current_span("work") as span:
        line = _log_line(lambda log: log.warning("slow %s", "query", extra={"ms": 12}))
        context = span.get_span_context()
    assert line["msg"] == "slow query"
    assert (line["level"], line["service"], line["ms"]) == ("WARNING", "catalog", 12)
    assert line["trace_id"] == f"{context.trace_id:032x}"
    assert line["span_id"] == f"{context.span_id:016x}"


def test_exceptions_are_logged_with_their_traceback():
    def emit(log: logging.Logger) -> None:
        try:
            raise ValueError("bad")
        except ValueError:
            log.exception("failed")

    line = _log_line(emit)
    assert "ValueError: bad" in line["exc"]
    assert "trace_id" not in line  # no active span, no made-up ids

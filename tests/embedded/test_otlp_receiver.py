"""The OTLP receiver, fed by the real OpenTelemetry SDK exporters."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

from deploy.embedded.otlp import OtlpReceiver
from deploy.embedded.supervisor import port_open


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[OtlpReceiver]:
    receiver = OtlpReceiver(file=tmp_path / "traces" / "spans.jsonl")
    receiver.start()
    yield receiver
    receiver.stop()


def _tracer_provider(endpoint: str, service: str) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    exporter = OTLPSpanExporter(endpoint=endpoint, insecure=True)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def _emit_trace(provider: TracerProvider) -> str:
    tracer = provider.get_tracer("keel.tests")
    with tracer.start_as_current_span("ListCategories", kind=SpanKind.SERVER) as root:
        root.set_attribute("rpc.method", "ListCategories")
        root.set_attribute("rpc.grpc.status_code", 0)
        with tracer.start_as_current_span("SELECT", kind=SpanKind.CLIENT) as child:
            child.set_attribute("db.statement", "SELECT 1")
            child.set_attribute("db.rows", [1, 2])
            child.set_status(Status(StatusCode.ERROR, "boom"))
            child.add_event("retry", {"attempt": 2})
    trace_id = f"{root.get_span_context().trace_id:032x}"
    assert provider.force_flush(10_000)
    return trace_id


def test_spans_from_the_sdk_exporter_are_kept_and_written(receiver: OtlpReceiver) -> None:
    provider = _tracer_provider(receiver.endpoint, "catalog")
    try:
        trace_id = _emit_trace(provider)
    finally:
        provider.shutdown()

    spans = receiver.wait_for_spans_sync(lambda s: len(s) == 2, trace_id=trace_id)
    by_name = {s["name"]: s for s in spans}
    root, child = by_name["ListCategories"], by_name["SELECT"]
    assert root["parent_span_id"] == "" and child["parent_span_id"] == root["span_id"]
    assert len(root["span_id"]) == 16 and root["trace_id"] == trace_id
    assert (root["kind"], child["kind"]) == ("SERVER", "CLIENT")
    assert {s["service"] for s in spans} == {"catalog"}
    assert root["scope"] == "keel.tests"
    assert root["attributes"] == {"rpc.method": "ListCategories", "rpc.grpc.status_code": 0}
    assert child["attributes"]["db.rows"] == [1, 2]
    assert (child["status"], child["status_message"]) == ("ERROR", "boom")
    assert child["events"][0]["name"] == "retry"
    assert child["events"][0]["attributes"] == {"attempt": 2}
    assert root["end_unix_nano"] >= child["end_unix_nano"] > child["start_unix_nano"] > 0

    assert receiver.file is not None
    lines = receiver.file.read_text().splitlines()
    assert [json.loads(line) for line in lines] == receiver.spans()


async def test_waiting_from_an_event_loop_does_not_block_the_receiver(
    receiver: OtlpReceiver,
) -> None:
    provider = _tracer_provider(receiver.endpoint, "agents")
    try:
        # force_flush blocks this thread; the receiver answers on its own threads.
        trace_id = _emit_trace(provider)
    finally:
        provider.shutdown()
    spans = await receiver.wait_for_spans(lambda s: len(s) == 2, trace_id=trace_id)
    assert {s["service"] for s in spans} == {"agents"}
    with pytest.raises(TimeoutError, match="got 0"):
        await receiver.wait_for_spans(lambda s: bool(s), trace_id="0" * 32, within=0.2)


def test_metrics_are_accepted(receiver: OtlpReceiver) -> None:
    exporter = OTLPMetricExporter(endpoint=receiver.endpoint, insecure=True)
    reader = PeriodicExportingMetricReader(exporter, export_interval_millis=60_000)
    provider = MeterProvider(
        resource=Resource.create({"service.name": "billing"}), metric_readers=[reader]
    )
    try:
        provider.get_meter("keel.tests").create_counter("rpc.requests").add(3)
        assert provider.force_flush(10_000)
    finally:
        provider.shutdown()
    metric = receiver.metrics("billing")["rpc.requests"]
    assert metric["sum"]["dataPoints"][0]["asInt"] == "3"


def test_runs_as_a_process(tmp_path: Path, unused_port: int) -> None:
    spans_file = tmp_path / "spans.jsonl"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deploy.embedded.otlp",
            "--port",
            str(unused_port),
            "--file",
            str(spans_file),
        ],
    )
    try:
        deadline = time.monotonic() + 20
        while not port_open(unused_port):
            assert process.poll() is None, "receiver exited"
            assert time.monotonic() < deadline, "receiver not listening"
            time.sleep(0.05)
        provider = _tracer_provider(f"http://127.0.0.1:{unused_port}", "identity")
        try:
            trace_id = _emit_trace(provider)
        finally:
            provider.shutdown()
    finally:
        process.terminate()
        assert process.wait(10) == 0  # SIGTERM is a clean stop
    written = [json.loads(line) for line in spans_file.read_text().splitlines()]
    assert {(s["trace_id"], s["service"]) for s in written} == {(trace_id, "identity")}


def test_the_spans_file_is_rotated_beyond_its_limit(tmp_path: Path) -> None:
    receiver = OtlpReceiver(file=tmp_path / "spans.jsonl", max_file_bytes=2_000)
    receiver.start()
    try:
        provider = _tracer_provider(receiver.endpoint, "messaging")
        try:
            for _ in range(10):
                _emit_trace(provider)
        finally:
            provider.shutdown()
    finally:
        receiver.stop()
    assert (tmp_path / "spans.jsonl.1").stat().st_size > 2_000
    assert (tmp_path / "spans.jsonl").stat().st_size <= 2_000 + 2_000  # one batch over at most
    assert len(receiver.spans()) == 20

"""A small OTLP/gRPC receiver: the local trace store of the embedded stack.

Every received span becomes one JSON line (see `span_records`) appended to a file and is
kept in memory. Metrics and logs are accepted too (the latest point set per metric is
kept in memory, logs are dropped) so services exporting them see no errors.

It runs a synchronous gRPC server on its own threads, so tests can use it in-process
from any event loop, including one whose thread also exports spans synchronously.

    python -m deploy.embedded.otlp --port 4317 --file .keel/traces/spans.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from pathlib import Path
from types import FrameType
from typing import IO, Any

import grpc
from google.protobuf.json_format import MessageToDict
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2, logs_service_pb2_grpc
from opentelemetry.proto.collector.metrics.v1 import (
    metrics_service_pb2,
    metrics_service_pb2_grpc,
)
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.resource.v1.resource_pb2 import Resource
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

SpanRecord = dict[str, Any]
_MAX_MESSAGE_BYTES = 64 * 1024 * 1024
_MAX_FILE_BYTES = 100 * 1024 * 1024


# -- protobuf → JSON-friendly dicts -------------------------------------------------------


def any_value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [any_value(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return attributes(value.kvlist_value.values)
    if kind == "bytes_value":
        return value.bytes_value.hex()
    return getattr(value, kind)


def attributes(kvs: Iterable[KeyValue]) -> dict[str, Any]:
    return {kv.key: any_value(kv.value) for kv in kvs}


def service_name(resource: Resource) -> str:
    return str(attributes(resource.attributes).get("service.name", "unknown_service"))


def span_record(span: Span, service: str, scope: str) -> SpanRecord:
    """One span as stored: ids in lowercase hex, times in unix nanoseconds."""
    record: SpanRecord = {
        "trace_id": span.trace_id.hex(),
        "span_id": span.span_id.hex(),
        "parent_span_id": span.parent_span_id.hex(),
        "name": span.name,
        "kind": Span.SpanKind.Name(span.kind).removeprefix("SPAN_KIND_"),
        "service": service,
        "scope": scope,
        "start_unix_nano": span.start_time_unix_nano,
        "end_unix_nano": span.end_time_unix_nano,
        "status": Status.StatusCode.Name(span.status.code).removeprefix("STATUS_CODE_"),
        "status_message": span.status.message,
        "attributes": attributes(span.attributes),
    }
    if span.events:
        record["events"] = [_event_record(e) for e in span.events]
    return record


def _event_record(event: Span.Event) -> dict[str, Any]:
    return {
        "name": event.name,
        "time_unix_nano": event.time_unix_nano,
        "attributes": attributes(event.attributes),
    }


def span_records(request: trace_service_pb2.ExportTraceServiceRequest) -> Iterator[SpanRecord]:
    for resource_spans in request.resource_spans:
        service = service_name(resource_spans.resource)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield span_record(span, service, scope_spans.scope.name)


# -- gRPC services ------------------------------------------------------------------------


class _TraceService(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self, receiver: OtlpReceiver) -> None:
        self._receiver = receiver

    def Export(
        self, request: trace_service_pb2.ExportTraceServiceRequest, context: grpc.ServicerContext
    ) -> trace_service_pb2.ExportTraceServiceResponse:
        self._receiver.receive(request)
        return trace_service_pb2.ExportTraceServiceResponse()


class _MetricsService(metrics_service_pb2_grpc.MetricsServiceServicer):
    def __init__(self, receiver: OtlpReceiver) -> None:
        self._receiver = receiver

    def Export(
        self,
        request: metrics_service_pb2.ExportMetricsServiceRequest,
        context: grpc.ServicerContext,
    ) -> metrics_service_pb2.ExportMetricsServiceResponse:
        for resource_metrics in request.resource_metrics:
            service = service_name(resource_metrics.resource)
            for scope_metrics in resource_metrics.scope_metrics:
                for metric in scope_metrics.metrics:
                    self._receiver.set_metric(service, metric.name, MessageToDict(metric))
        return metrics_service_pb2.ExportMetricsServiceResponse()


class _LogsService(logs_service_pb2_grpc.LogsServiceServicer):
    def Export(
        self, request: logs_service_pb2.ExportLogsServiceRequest, context: grpc.ServicerContext
    ) -> logs_service_pb2.ExportLogsServiceResponse:
        return logs_service_pb2.ExportLogsServiceResponse()  # logs live in each process's file


# -- the receiver -------------------------------------------------------------------------


class OtlpReceiver:
    """OTLP/gRPC receiver keeping spans in memory and, if `file` is given, in JSON lines."""

    def __init__(
        self,
        file: Path | None = None,
        host: str = "127.0.0.1",
        max_spans: int = 200_000,
        max_file_bytes: int = _MAX_FILE_BYTES,
    ) -> None:
        self.file = file
        self.max_file_bytes = max_file_bytes
        self.host = host
        self.port = 0
        self._spans: deque[SpanRecord] = deque(maxlen=max_spans)
        self._metrics: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server: grpc.Server | None = None
        self._out: IO[str] | None = None

    @property
    def endpoint(self) -> str:
        """The value for `OTEL_EXPORTER_OTLP_ENDPOINT`."""
        return f"http://{self.host}:{self.port}"

    def start(self, port: int = 0) -> int:
        """Listen on `port` (0 picks a free one) and return the bound port."""
        if self.file is not None:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self._out = self.file.open("a", encoding="utf-8")
        server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="otlp"),
            options=[("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES)],
        )
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(_TraceService(self), server)
        metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(_MetricsService(self), server)
        logs_service_pb2_grpc.add_LogsServiceServicer_to_server(_LogsService(), server)
        self.port = server.add_insecure_port(f"{self.host}:{port}")
        if self.port == 0:
            raise OSError(f"OTLP receiver cannot listen on {self.host}:{port}")
        server.start()
        self._server = server
        return self.port

    def stop(self, grace: float = 1.0) -> None:
        if self._server is not None:
            self._server.stop(grace).wait()
            self._server = None
        if self._out is not None:
            self._out.close()
            self._out = None

    # -- storage --------------------------------------------------------------------------

    def receive(self, request: trace_service_pb2.ExportTraceServiceRequest) -> None:
        """One OTLP export: its spans, as records."""
        self.add_spans(list(span_records(request)))

    def add_spans(self, records: list[SpanRecord]) -> None:
        lines = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records)
        with self._lock:
            self._spans.extend(records)
            if self._out is not None:
                self._out.write(lines)
                self._out.flush()  # `keel trace` reads the file while we run
                if self._out.tell() > self.max_file_bytes:
                    self._rotate()

    def _rotate(self) -> None:
        """Keep one previous file (`<file>.1`) so a long-running dev stack stays bounded."""
        assert self.file is not None and self._out is not None
        self._out.close()
        self.file.replace(self.file.with_name(self.file.name + ".1"))
        self._out = self.file.open("a", encoding="utf-8")

    def set_metric(self, service: str, name: str, data: dict[str, Any]) -> None:
        with self._lock:
            self._metrics[(service, name)] = data

    # -- queries --------------------------------------------------------------------------

    def spans(self, trace_id: str | None = None) -> list[SpanRecord]:
        with self._lock:
            return [s for s in self._spans if trace_id is None or s["trace_id"] == trace_id]

    def metrics(self, service: str | None = None) -> dict[str, dict[str, Any]]:
        """The latest exported data per metric name (`MessageToDict` of the OTLP Metric)."""
        with self._lock:
            return {n: d for (s, n), d in self._metrics.items() if service in (None, s)}

    def clear(self) -> None:
        with self._lock:
            self._spans.clear()
            self._metrics.clear()

    def wait_for_spans_sync(
        self,
        predicate: Callable[[list[SpanRecord]], bool],
        trace_id: str | None = None,
        within: float = 10.0,
    ) -> list[SpanRecord]:
        """Poll until `predicate(spans)` holds; raise TimeoutError with what arrived."""
        deadline = time.monotonic() + within
        while not predicate(found := self.spans(trace_id)):
            if time.monotonic() > deadline:
                raise TimeoutError(_timeout_message(found, within))
            time.sleep(0.05)
        return found

    async def wait_for_spans(
        self,
        predicate: Callable[[list[SpanRecord]], bool],
        trace_id: str | None = None,
        within: float = 10.0,
    ) -> list[SpanRecord]:
        """Async twin of `wait_for_spans_sync`: yields to the loop while polling."""
        deadline = time.monotonic() + within
        while not predicate(found := self.spans(trace_id)):
            if time.monotonic() > deadline:
                raise TimeoutError(_timeout_message(found, within))
            await asyncio.sleep(0.05)
        return found


def _timeout_message(found: list[SpanRecord], within: float) -> str:
    names = sorted({f"{s['service']}:{s['name']}" for s in found})
    return f"spans not complete after {within:.0f}s; got {len(found)}: {names}"


# -- process entry point ------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="OTLP/gRPC receiver writing spans as JSON lines")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4317)
    parser.add_argument("--file", type=Path, required=True, help="spans JSONL file (appended)")
    parser.add_argument(
        "--max-mb", type=int, default=_MAX_FILE_BYTES // 2**20, help="rotate the file beyond this"
    )
    args = parser.parse_args(argv)

    # As a process, the file is the store: nothing queries the memory copy.
    receiver = OtlpReceiver(args.file, args.host, max_spans=0, max_file_bytes=args.max_mb * 2**20)
    port = receiver.start(args.port)
    print(f"OTLP receiver listening on {args.host}:{port}, spans → {args.file}", flush=True)

    stopping = threading.Event()

    def shutdown(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    stopping.wait()
    receiver.stop()


if __name__ == "__main__":
    main()

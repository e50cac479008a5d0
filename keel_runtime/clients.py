"""The one way to call another Keel service: `connect(service)` returns a grpc.aio channel.

Every call made on it:
- carries a deadline: the one given, else `default_timeout`, and never later than the
  deadline of the inbound call being served;
- carries the caller's identity (from `keel_runtime.context`) and the W3C trace context,
  inside a CLIENT span;
- is retried on UNAVAILABLE only for read methods (`Get*`, `List*`, `Search*`, `Check*`),
  which are safe to repeat; gRPC itself retries calls that never left the client.

With mTLS on, the channel presents this process's certificate (`keel_runtime.tls.use`) and
accepts only a server whose certificate names `service`, whatever address it dials.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import grpc
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from keel_runtime import context as request_context
from keel_runtime import tls
from keel_runtime.config import service_address

tracer = trace.get_tracer("keel.clients")
StubT = TypeVar("StubT")
SAFE_METHOD_PREFIXES = ("Get", "List", "Search", "Check", "BatchGet")


def _retry_config(safe_methods: Sequence[tuple[str, str]]) -> str:
    policy = {
        "maxAttempts": 3,
        "initialBackoff": "0.05s",
        "maxBackoff": "0.5s",
        "backoffMultiplier": 2,
        "retryableStatusCodes": ["UNAVAILABLE"],
    }
    names = [{"service": service, "method": method} for service, method in safe_methods]
    # Per-call balancing over every address the name resolves to (a headless Service in
    # Kubernetes); the default would pin each client to one replica.
    config: dict[str, object] = {"loadBalancingConfig": [{"round_robin": {}}]}
    if names:
        config["methodConfig"] = [{"name": names, "retryPolicy": policy}]
    return json.dumps(config)


def safe_methods(service_descriptors: Sequence[Any]) -> list[tuple[str, str]]:
    """The read methods of the given gRPC service descriptors (retried on UNAVAILABLE)."""
    return [
        (service.full_name, method.name)
        for service in service_descriptors
        for method in service.methods
        if method.name.startswith(SAFE_METHOD_PREFIXES)
    ]


class _Propagation:
    """Adds deadline, identity and trace context to every outgoing call."""

    def __init__(self, default_timeout: float) -> None:
        self.default_timeout = default_timeout

    def _details(self, details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
        metadata = grpc.aio.Metadata(*(details.metadata or ()))
        caller = request_context.current()
        timeout = details.timeout if details.timeout is not None else self.default_timeout
        if caller.deadline is not None:  # never outlive the call we are serving
            timeout = min(timeout, max(0.0, caller.deadline - time.monotonic()))
        for key, value in caller.to_metadata():
            if key not in metadata:
                metadata.add(key, value)
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        for key, value in carrier.items():
            metadata[key] = value
        return grpc.aio.ClientCallDetails(
            method=details.method,
            timeout=timeout,
            metadata=metadata,
            credentials=details.credentials,
            wait_for_ready=details.wait_for_ready,
        )

    @staticmethod
    def _span(details: grpc.aio.ClientCallDetails) -> trace.Span:
        method = details.method.decode() if isinstance(details.method, bytes) else details.method
        service, _, name = method[1:].partition("/")
        return tracer.start_span(
            method[1:],
            kind=SpanKind.CLIENT,
            attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name},
        )


class _UnaryUnary(_Propagation, grpc.aio.UnaryUnaryClientInterceptor):
    async def intercept_unary_unary(
        self, continuation: Callable[..., Any], client_call_details: Any, request: Any
    ) -> Any:
        span = self._span(client_call_details)
        with trace.use_span(
            span, end_on_exit=True, record_exception=False, set_status_on_exception=False
        ):
            call = await continuation(self._details(client_call_details), request)
            code = await call.code()
            span.set_attribute("rpc.grpc.status_code", code.value[0])
            if code in (
                grpc.StatusCode.INTERNAL,
                grpc.StatusCode.UNAVAILABLE,
                grpc.StatusCode.DEADLINE_EXCEEDED,
                grpc.StatusCode.UNKNOWN,
            ):
                span.set_status(Status(StatusCode.ERROR, code.name))
            return call


class _UnaryStream(_Propagation, grpc.aio.UnaryStreamClientInterceptor):
    async def intercept_unary_stream(
        self, continuation: Callable[..., Any], client_call_details: Any, request: Any
    ) -> Any:
        # A stream outlives this function; the span covers only its start.
        span = self._span(client_call_details)
        with trace.use_span(span, end_on_exit=True):
            return await continuation(self._details(client_call_details), request)


def connect(
    service: str,
    *,
    service_descriptors: Sequence[Any] = (),
    default_timeout: float = 5.0,
    target: str | None = None,
) -> grpc.aio.Channel:
    """A channel to `service` (address from `KEEL_<SERVICE>_ADDR`)."""
    options: list[tuple[str, Any]] = [
        ("grpc.enable_retries", 1),
        ("grpc.service_config", _retry_config(safe_methods(service_descriptors))),
        ("grpc.keepalive_time_ms", 30_000),
    ]
    return tls.channel(
        target or service_address(service),
        tls.local(),
        server=service,
        options=options,
        interceptors=[_UnaryUnary(default_timeout), _UnaryStream(default_timeout)],
    )


class Stubs(Generic[StubT]):
    """A stub of one gRPC service of `service`, made on first use in each event loop (a
    grpc.aio channel serves only the loop it was made on; a test or a worker runs
    several): `stubs()` is the current loop's."""

    def __init__(
        self,
        service: str,
        make: Callable[[grpc.aio.Channel], StubT],
        descriptor: Any,
        *,
        default_timeout: float = 3.0,
        target: str | None = None,
    ) -> None:
        self.service, self.make, self.descriptor = service, make, descriptor
        self.default_timeout, self.target = default_timeout, target
        self._made: dict[asyncio.AbstractEventLoop, StubT] = {}

    def __call__(self) -> StubT:
        loop = asyncio.get_running_loop()
        stub = self._made.get(loop)
        if stub is None:
            channel = connect(
                self.service, service_descriptors=[self.descriptor],
                default_timeout=self.default_timeout, target=self.target,
            )  # fmt: skip
            stub = self._made[loop] = self.make(channel)
        return stub

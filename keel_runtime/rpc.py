"""The one server interceptor: request context, tracing, validation, transaction, errors, metrics.

All of it runs in a single wrapper per method, built once and cached: the per-call cost is
one coroutine hop plus what each concern itself needs. (Stacking one interceptor per
concern, as the stock OpenTelemetry instrumentation does, multiplies the grpc.aio
interceptor overhead: 50-70 % of unary throughput was measured here.)

- With mTLS on, the calling workload comes from its certificate (`keel_runtime.tls`): a
  method declared `(keel.options.v1.callers)` refuses every other workload, and every other
  method refuses all but the gateway and the Keel services (PERMISSION_DENIED), so an end
  user's identity is only ever taken from them. Health and reflection answer any workload
  of the mesh.
- The caller's identity and `x-request-id` come from metadata into `keel_runtime.context`.
- A SERVER span continues the caller's W3C `traceparent`.
- The request is checked against the protovalidate rules declared in the protos;
  violations become INVALID_ARGUMENT with `BadRequest` field violations.
- Unary handlers run inside one database transaction (committed on success), except
  methods declared `(keel.options.v1.read_only)` in the protos: those run without a
  transaction block, on read-only connections (`keel_runtime.db`).
- `KeelError` becomes its gRPC status with `google.rpc` details; anything else becomes
  INTERNAL with no internals, logged with the trace id.
- Latency and status of every call feed the `rpc.server.duration` histogram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping
from typing import Any

import grpc
import protovalidate
from google.protobuf import descriptor_pool
from opentelemetry import metrics, propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from keel.options.v1 import options_pb2
from keel_runtime import context as request_context
from keel_runtime import tls
from keel_runtime.config import SERVICES
from keel_runtime.db import Database, unstorable_text
from keel_runtime.errors import FieldViolation, InvalidArgument, KeelError, Kind, PermissionDenied
from keel_runtime.status import (
    INTERNAL_REASON,
    INVALID_ARGUMENT_REASON,
    error_domain,
    grpc_code,
    to_grpc_status,
)

log = logging.getLogger("keel.rpc")
tracer = trace.get_tracer("keel.rpc")

UnaryBehavior = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]
StreamBehavior = Callable[[Any, grpc.aio.ServicerContext], AsyncIterator[Any]]

# Infrastructure services (probes, tooling): no transaction, no validation, no trace.
_INFRA_PREFIXES = ("/grpc.health.", "/grpc.reflection.")


def _options(method: str) -> Any:
    """The MethodOptions of `/pkg.Service/Method` (None for a method no proto declares).
    Typed Any: the generated stubs type extensions as plain FieldDescriptors."""
    try:
        descriptor = descriptor_pool.Default().FindMethodByName(method[1:].replace("/", "."))
    except KeyError:
        return None
    return descriptor.GetOptions()


def is_read_only(method: str) -> bool:
    """Whether `/pkg.Service/Method` is declared `(keel.options.v1.read_only)` in its proto."""
    options = _options(method)
    return options is not None and bool(options.Extensions[options_pb2.read_only])


def allowed_callers(method: str, declared: Collection[str] = ()) -> frozenset[str]:
    """The workloads that may call `method`: its `(keel.options.v1.callers)` (or `declared`,
    for a method whose proto is not ours), else the gateway and every Keel service."""
    options = _options(method)
    names = list(declared) or (
        list(options.Extensions[options_pb2.callers]) if options is not None else []
    )
    if not names:
        return tls.TRUSTED_CALLERS
    expanded: set[str] = set()
    for name in names:
        expanded.update(SERVICES if name == "services" else (name,))
    return frozenset(expanded)


def caller_refused(method: str, caller: str) -> PermissionDenied:
    return PermissionDenied(
        f"{caller or 'this caller'} may not call {method[1:]}",
        reason="CALLER_NOT_ALLOWED",
        metadata={"caller": caller, "method": method[1:]},
    )


def validation_error(request: Any) -> InvalidArgument | None:
    """The protovalidate violations of `request`, as one INVALID_ARGUMENT error."""
    violations = protovalidate.collect_violations(request)
    if not violations:
        return None
    fields = [
        FieldViolation(
            field=".".join(e.field_name for e in v.proto.field.elements) if v.proto.field else "",
            description=v.proto.message,
            reason=v.proto.rule_id,
        )
        for v in violations
    ]
    summary = "; ".join(f"{f.field}: {f.description}" for f in fields)
    return InvalidArgument(
        f"invalid request: {summary}", reason=INVALID_ARGUMENT_REASON, field_violations=fields
    )


class _Call:
    """Per-call bookkeeping shared by the unary and streaming wrappers."""

    __slots__ = ("attributes", "method", "refused", "span", "start", "token")

    def __init__(
        self,
        method: str,
        servicer_context: grpc.aio.ServicerContext,
        traced: bool,
        checked: tuple[str, bool],
    ) -> None:
        caller, allowed = checked
        metadata = request_context.metadata_dict(servicer_context.invocation_metadata())
        # A refused caller's metadata names no one: nothing of it is taken as identity.
        self.refused = None if allowed else caller_refused(method, caller)
        if self.refused is not None:
            metadata = {}
        self.method = method
        service, _, name = method[1:].partition("/")
        self.attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}
        self.span: trace.Span = trace.INVALID_SPAN
        if traced:
            parent = propagate.extract(metadata) if "traceparent" in metadata else None
            self.span = tracer.start_span(
                method[1:], context=parent, kind=SpanKind.SERVER, attributes=self.attributes
            )
        remaining = servicer_context.time_remaining()
        deadline = None if remaining is None else time.monotonic() + remaining
        self.token = request_context.bind(
            request_context.RequestContext.from_metadata(metadata, method, deadline, caller)
        )
        self.start = time.perf_counter()


def _active(span: trace.Span) -> Any:
    """Make `span` current; errors are recorded by the interceptor, not by the span. With
    tracing off there is no span to make current (a context switch saved per call)."""
    if span is trace.INVALID_SPAN:
        return contextlib.nullcontext()
    return trace.use_span(
        span, end_on_exit=False, record_exception=False, set_status_on_exception=False
    )


class RpcInterceptor(grpc.aio.ServerInterceptor):
    def __init__(
        self,
        service: str,
        database: Database | None,
        *,
        mtls: bool = False,
        callers: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.domain = error_domain(service)
        self.database = database
        # With mTLS off nothing says who calls: every peer is trusted (benchmarks only).
        self.mtls = mtls
        self.callers = callers or {}
        self._handlers: dict[str, grpc.RpcMethodHandler] = {}
        self._duration = metrics.get_meter("keel.rpc").create_histogram(
            "rpc.server.duration", unit="ms", description="Duration of inbound RPCs"
        )

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        method = handler_call_details.method
        wrapped = self._handlers.get(method)
        if wrapped is None:
            handler = await continuation(handler_call_details)
            if handler is None:
                return handler
            wrapped = self._wrap(method, handler)
            self._handlers[method] = wrapped
        return wrapped

    def _wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        infra = method.startswith(_INFRA_PREFIXES)
        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                self._unary(method, handler.unary_unary, infra),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            return grpc.unary_stream_rpc_method_handler(
                self._unary_stream(method, handler.unary_stream, infra),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler  # client-streaming RPCs: none in Keel's contracts yet

    def _unary(self, method: str, behavior: UnaryBehavior, infra: bool) -> UnaryBehavior:
        database = None if infra else self.database
        read_only = is_read_only(method)
        check_caller = self._caller_check(method, infra)

        async def handle(request: Any, servicer_context: grpc.aio.ServicerContext) -> Any:
            call = _Call(method, servicer_context, not infra, check_caller(servicer_context))
            code = grpc.StatusCode.OK
            try:
                with _active(call.span):
                    if call.refused is not None:
                        raise call.refused
                    if not infra and (invalid := validation_error(request)) is not None:
                        raise invalid
                    if database is None:
                        return await behavior(request, servicer_context)
                    async with database.scope(read_only=read_only):
                        return await behavior(request, servicer_context)
            except BaseException as exc:
                failure = _nul_refused() if unstorable_text(exc) else exc
                code = self._code_of(call, failure, servicer_context)
                await self._abort(failure, code, servicer_context)
            finally:
                self._finish(call, code)

        return handle

    def _unary_stream(self, method: str, behavior: StreamBehavior, infra: bool) -> StreamBehavior:
        # Streams may last minutes: no transaction around them; a streaming handler opens
        # short units of work itself with `Database.unit_of_work()`.
        check_caller = self._caller_check(method, infra)

        async def handle(
            request: Any, servicer_context: grpc.aio.ServicerContext
        ) -> AsyncIterator[Any]:
            call = _Call(method, servicer_context, not infra, check_caller(servicer_context))
            code = grpc.StatusCode.OK
            try:
                with _active(call.span):
                    if call.refused is not None:
                        raise call.refused
                    if not infra and (invalid := validation_error(request)) is not None:
                        raise invalid
                    async for response in behavior(request, servicer_context):
                        yield response
            except BaseException as exc:
                code = self._code_of(call, exc, servicer_context)
                await self._abort(exc, code, servicer_context)
            finally:
                self._finish(call, code)

        return handle

    def _caller_check(
        self, method: str, infra: bool
    ) -> Callable[[grpc.aio.ServicerContext], tuple[str, bool]]:
        """For a call: the calling workload and whether it may call `method`."""
        if not self.mtls:
            return lambda _servicer_context: ("", True)
        if infra:  # any workload of the mesh may probe and list
            return lambda servicer_context: (tls.peer_workload(servicer_context), True)
        allowed = allowed_callers(method, self.callers.get(method, ()))

        def check(servicer_context: grpc.aio.ServicerContext) -> tuple[str, bool]:
            caller = tls.peer_workload(servicer_context)
            return caller, caller in allowed

        return check

    def _code_of(
        self, call: _Call, exc: BaseException, servicer_context: grpc.aio.ServicerContext
    ) -> grpc.StatusCode:
        """Record a failure on the span and log it; return the status code it ends with."""
        if isinstance(exc, KeelError) and exc.kind is not Kind.INTERNAL:
            call.span.set_attribute("keel.error.reason", exc.reason)
            if exc.kind is Kind.UNAVAILABLE:
                call.span.set_status(Status(StatusCode.ERROR, exc.message))
            return grpc_code(exc.kind)
        if isinstance(exc, grpc.aio.AbortError):  # the handler aborted by itself
            return servicer_context.code() or grpc.StatusCode.UNKNOWN
        if isinstance(exc, asyncio.CancelledError):
            return grpc.StatusCode.CANCELLED
        if not isinstance(exc, Exception):
            return grpc.StatusCode.UNKNOWN
        call.span.record_exception(exc)
        call.span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
        with trace.use_span(call.span, end_on_exit=False):
            log.exception("unhandled error in %s", call.method)
        return grpc.StatusCode.INTERNAL

    async def _abort(
        self, exc: BaseException, code: grpc.StatusCode, servicer_context: grpc.aio.ServicerContext
    ) -> None:
        """End the call with the status for `exc`; never returns."""
        if isinstance(exc, KeelError) and code is not grpc.StatusCode.INTERNAL:
            await servicer_context.abort_with_status(to_grpc_status(exc, self.domain))
        if code is grpc.StatusCode.INTERNAL and isinstance(exc, Exception):
            # Nothing of the exception reaches the caller: it is logged with the trace id.
            internal = KeelError("internal error", reason=INTERNAL_REASON)
            await servicer_context.abort_with_status(to_grpc_status(internal, self.domain))
        raise exc

    def _finish(self, call: _Call, code: grpc.StatusCode) -> None:
        request_context.unbind(call.token)
        call.span.set_attribute("rpc.grpc.status_code", code.value[0])
        call.span.end()
        elapsed_ms = (time.perf_counter() - call.start) * 1000
        self._duration.record(elapsed_ms, {**call.attributes, "rpc.grpc.status_code": code.name})


def _nul_refused() -> InvalidArgument:
    """The database could not store a text the caller sent: the unit of work rolled back,
    nothing is written, and the caller learns why (not an internal error)."""
    return InvalidArgument(
        "text values cannot contain the NUL character (U+0000)", reason="NUL_CHARACTER"
    )

"""The runtime's RPC layer on catalog's real server: errors, validation, transactions, context."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import logging
import time
from typing import TypeVar

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel_runtime import clients, db
from keel_runtime import context as request_context
from keel_runtime.errors import KeelError, QuotaExceeded, QuotaViolation
from keel_runtime.server import Runtime
from keel_runtime.status import details_of
from services.catalog.api import CatalogApi
from services.catalog.app import SPEC
from tests.support import channels
from tests.support.inprocess import running

_Detail = TypeVar("_Detail")

SLUGS = ["customer-service", "sales", "research", "content-creation", "data-analysis"]


def _token(key: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _only(details: list[object], kind: type[_Detail]) -> _Detail:
    found = [d for d in details if isinstance(d, kind)]
    assert len(found) == 1, details
    return found[0]


async def test_lists_the_five_seeded_categories_in_display_order(catalog_env):
    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        reply = await catalog_pb2_grpc.CatalogServiceStub(ch).ListCategories(
            catalog_pb2.ListCategoriesRequest()
        )
    assert [c.slug for c in reply.categories] == SLUGS
    assert reply.categories[0].name == "Customer Service"
    assert all(c.description and c.icon for c in reply.categories)
    assert reply.next_page_token == ""


async def test_pages_through_categories_with_tokens(catalog_env):
    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        stub = catalog_pb2_grpc.CatalogServiceStub(ch)
        seen, token = [], ""
        while True:
            page = await stub.ListCategories(
                catalog_pb2.ListCategoriesRequest(page_size=2, page_token=token)
            )
            assert len(page.categories) <= 2
            seen += [c.slug for c in page.categories]
            token = page.next_page_token
            if not token:
                break
    assert seen == SLUGS


async def test_unknown_slug_is_not_found_with_error_info(catalog_env):
    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await catalog_pb2_grpc.CatalogServiceStub(ch).GetCategory(
                catalog_pb2.GetCategoryRequest(slug="no-such-thing")
            )
    assert failure.value.code() == grpc.StatusCode.NOT_FOUND
    info = _only(details_of(failure.value), error_details_pb2.ErrorInfo)
    assert info.reason == "CATEGORY_NOT_FOUND"
    assert info.domain == "catalog.keel.dev"
    assert info.metadata["slug"] == "no-such-thing"


@pytest.mark.parametrize(
    ("request_message", "field"),
    [
        (catalog_pb2.GetCategoryRequest(slug="Not A Slug"), "slug"),
        (catalog_pb2.GetCategoryRequest(slug=""), "slug"),
        (catalog_pb2.ListCategoriesRequest(page_size=1000), "page_size"),
        (catalog_pb2.ListCategoriesRequest(page_token="%%%"), "page_token"),
        # Well-formed tokens this list never issues: wrong arity, types, or out of range.
        *[
            (catalog_pb2.ListCategoriesRequest(page_token=_token(key)), "page_token")
            for key in (
                [1],
                ["x", "y"],
                [2**40, "a"],
                [True, "a"],
                {"a": 1},
                [1, "\u0000"],
                [1, "\ud800"],
            )
        ],
    ],
)
async def test_bad_input_is_invalid_argument_with_field_violations(
    catalog_env, request_message, field
):
    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        stub = catalog_pb2_grpc.CatalogServiceStub(ch)
        method = (
            stub.GetCategory
            if "slug" in request_message.DESCRIPTOR.fields_by_name
            else (stub.ListCategories)
        )
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await method(request_message)
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad_request = _only(details_of(failure.value), error_details_pb2.BadRequest)
    assert {v.field for v in bad_request.field_violations} == {field}
    assert field in failure.value.details()


async def _write_then(request: catalog_pb2.GetCategoryRequest) -> catalog_pb2.GetCategoryResponse:
    """Writes a category named after the request's slug, then fails as the slug says."""
    await db.session().execute(
        sa.text("INSERT INTO categories (slug, name) VALUES (:slug, 'Written')"),
        {"slug": request.slug},
    )
    if request.slug == "boom":
        raise RuntimeError("secret connection string postgres://admin:hunter2@db")
    if request.slug == "internal":
        raise KeelError("ledger row 42 of org acme is corrupt", reason="LEDGER_CORRUPT")
    if request.slug == "limited":
        raise QuotaExceeded(
            "too many requests",
            reason="RATE_LIMITED",
            quota_violations=[QuotaViolation("org:1", "60 requests a minute")],
            retry_after_seconds=7,
        )
    return catalog_pb2.GetCategoryResponse(category=catalog_pb2.Category(slug=request.slug))


_INSERT_RETURNING = db.Query(
    sa.text("INSERT INTO categories (slug, name) VALUES ('fetched', 'Written') RETURNING slug")
)


class _Misbehaving(CatalogApi):
    """A servicer whose read-only handlers misbehave, to exercise the runtime."""

    async def GetCategory(self, request, context):
        if request.slug == "write-in-session":  # a bug: a write in a read-only RPC
            await _write_then(request)
        if request.slug == "write-in-fetch":
            await db.fetch(_INSERT_RETURNING)
        return await super().GetCategory(request, context)

    async def ListCategories(self, request, context):
        ctx = request_context.current()
        span = trace.get_current_span().get_span_context()
        deadline = context.time_remaining()
        echo = f"{ctx.user_id}|{ctx.org_id}|{' '.join(sorted(ctx.scopes))}|{span.trace_id:032x}"
        return catalog_pb2.ListCategoriesResponse(next_page_token=f"{echo}|{deadline:.1f}")


# A method that writes (not declared read-only): its handler runs in one transaction.
WRITE_METHOD = "/test.Writes/Write"


def _misbehaving_spec(seen: list[Runtime] | None = None):
    async def write(request, context):
        return await _write_then(request)

    def register(server: grpc.aio.Server, runtime: Runtime) -> None:
        catalog_pb2_grpc.add_CatalogServiceServicer_to_server(_Misbehaving(), server)
        handler = grpc.unary_unary_rpc_method_handler(
            write,
            request_deserializer=catalog_pb2.GetCategoryRequest.FromString,
            response_serializer=catalog_pb2.GetCategoryResponse.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            [grpc.method_handlers_generic_handler("test.Writes", {"Write": handler})]
        )
        if seen is not None:
            seen.append(runtime)

    return dataclasses.replace(SPEC, register=register)


def _writer(channel: grpc.aio.Channel):
    return channel.unary_unary(
        WRITE_METHOD,
        request_serializer=catalog_pb2.GetCategoryRequest.SerializeToString,
        response_deserializer=catalog_pb2.GetCategoryResponse.FromString,
    )


async def _slugs(database_url: str) -> set[str]:
    database = db.Database(database_url, pool_size=1)
    try:
        async with database.unit_of_work() as session:
            return set((await session.scalars(sa.text("SELECT slug FROM categories"))).all())
    finally:
        await database.close()


@pytest.mark.parametrize(
    ("slug", "secret"),
    [
        ("boom", "hunter2"),  # an unexpected exception
        ("internal", "ledger row 42"),  # a KeelError of kind INTERNAL
    ],
)
async def test_internal_errors_are_logged_never_shown_and_write_nothing(
    catalog_env, caplog, slug, secret
):
    caplog.set_level(logging.ERROR, logger="keel.rpc")
    async with (
        running(_misbehaving_spec(), catalog_env) as address,
        channels.channel(address) as ch,
    ):
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await _writer(ch)(catalog_pb2.GetCategoryRequest(slug=slug))
    assert failure.value.code() == grpc.StatusCode.INTERNAL
    assert failure.value.details() == "internal error"
    assert secret not in str(failure.value) and "Error" not in failure.value.details()
    assert _only(details_of(failure.value), error_details_pb2.ErrorInfo).reason == "INTERNAL"
    # The operator sees what happened, in the service's log.
    assert any(secret in (r.exc_text or "") for r in caplog.records)
    assert slug not in await _slugs(catalog_env["KEEL_CATALOG_DATABASE_URL"])


async def test_domain_error_rolls_back_and_carries_quota_and_retry_details(catalog_env):
    async with (
        running(_misbehaving_spec(), catalog_env) as address,
        channels.channel(address) as ch,
    ):
        call = _writer(ch)(catalog_pb2.GetCategoryRequest(slug="limited"))
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await call
        trailers = dict(await call.trailing_metadata())
    assert failure.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    details = details_of(failure.value)
    quota = _only(details, error_details_pb2.QuotaFailure)
    assert quota.violations[0].subject == "org:1"
    retry = _only(details, error_details_pb2.RetryInfo)
    assert retry.retry_delay.seconds == 7
    assert trailers["retry-after"] == "7"
    assert "limited" not in await _slugs(catalog_env["KEEL_CATALOG_DATABASE_URL"])


async def test_successful_call_commits_its_transaction(catalog_env):
    async with (
        running(_misbehaving_spec(), catalog_env) as address,
        channels.channel(address) as ch,
    ):
        reply = await _writer(ch)(catalog_pb2.GetCategoryRequest(slug="written-here"))
    assert reply.category.slug == "written-here"
    assert "written-here" in await _slugs(catalog_env["KEEL_CATALOG_DATABASE_URL"])


@pytest.mark.parametrize("slug", ["write-in-session", "write-in-fetch"])
async def test_a_write_in_a_read_only_rpc_is_refused_and_writes_nothing(catalog_env, slug):
    async with (
        running(_misbehaving_spec(), catalog_env) as address,
        channels.channel(address) as ch,
    ):
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await catalog_pb2_grpc.CatalogServiceStub(ch).GetCategory(
                catalog_pb2.GetCategoryRequest(slug=slug)
            )
    assert failure.value.code() == grpc.StatusCode.INTERNAL
    assert not {slug, "fetched"} & await _slugs(catalog_env["KEEL_CATALOG_DATABASE_URL"])


async def test_read_rpcs_run_without_a_transaction_block_and_writes_in_one(catalog_env):
    """The statements the service sends to PostgreSQL, as asyncpg logs them."""
    statements: list[str] = []
    runtimes: list[Runtime] = []

    def log(record) -> None:
        statements.append(record.query.strip().split()[0].upper())

    env = {**catalog_env, "KEEL_CATALOG_DB_POOL_SIZE": "1"}
    async with (
        running(_misbehaving_spec(runtimes), env) as address,
        channels.channel(address) as ch,
    ):
        database = runtimes[0].database
        reader = await database.reader()  # the read-only pool's one connection
        reader.add_query_logger(log)
        await database.release(reader)
        sa.event.listen(
            database.engine.sync_engine,
            "checkout",
            lambda connection, record, proxy: connection.driver_connection.add_query_logger(log),
        )
        stub = catalog_pb2_grpc.CatalogServiceStub(ch)
        await stub.GetCategory(catalog_pb2.GetCategoryRequest(slug="sales"))
        with pytest.raises(grpc.aio.AioRpcError):
            await stub.GetCategory(catalog_pb2.GetCategoryRequest(slug="nope"))
        reads = list(statements)
        statements.clear()
        await _writer(ch)(catalog_pb2.GetCategoryRequest(slug="one-transaction"))
        with pytest.raises(grpc.aio.AioRpcError):
            await _writer(ch)(catalog_pb2.GetCategoryRequest(slug="boom"))
    assert reads == ["SELECT", "SELECT"]
    # (SQLAlchemy's own statements run as prepared statements, which asyncpg does not log.)
    assert statements == ["BEGIN;", "COMMIT;", "BEGIN;", "ROLLBACK;"]
    slugs = await _slugs(catalog_env["KEEL_CATALOG_DATABASE_URL"])
    assert "one-transaction" in slugs and "boom" not in slugs


async def test_client_channel_propagates_identity_trace_and_deadline(
    catalog_env, spans: InMemorySpanExporter
):
    # Serving a call that must end within 2 s: the outgoing call inherits that deadline
    # rather than the channel's default of 5 s.
    caller = request_context.RequestContext(
        user_id="u-1", org_id="o-1", scopes=frozenset({"a"}), deadline=time.monotonic() + 2
    )
    async with running(_misbehaving_spec(), catalog_env) as address:
        channel = clients.connect(
            "catalog",
            target=address,
            service_descriptors=[catalog_pb2.DESCRIPTOR.services_by_name["CatalogService"]],
        )
        token = request_context.bind(caller)
        try:
            with trace.get_tracer("test").start_as_current_span("caller") as span:
                reply = await catalog_pb2_grpc.CatalogServiceStub(channel).ListCategories(
                    catalog_pb2.ListCategoriesRequest()
                )
                trace_id = f"{span.get_span_context().trace_id:032x}"
        finally:
            request_context.unbind(token)
            await channel.close()
    user, org, scopes, seen_trace, deadline = reply.next_page_token.split("|")
    assert (user, org, scopes, seen_trace) == ("u-1", "o-1", "a", trace_id)
    assert 0 < float(deadline) <= 2.0
    # One trace: the caller's span → CLIENT span → SERVER span.
    in_trace = [s for s in spans.get_finished_spans() if f"{s.context.trace_id:032x}" == trace_id]
    by_kind = {s.kind: s for s in in_trace}
    client, server = by_kind[trace.SpanKind.CLIENT], by_kind[trace.SpanKind.SERVER]
    assert server.parent is not None and server.parent.span_id == client.context.span_id
    assert client.parent is not None and client.parent.span_id == span.get_span_context().span_id


async def test_health_probes_leave_no_traces(catalog_env, spans: InMemorySpanExporter):
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        spans.clear()
        for _ in range(3):
            await health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest())
        await catalog_pb2_grpc.CatalogServiceStub(ch).ListCategories(
            catalog_pb2.ListCategoriesRequest()
        )
    names = [s.name for s in spans.get_finished_spans()]
    assert "keel.catalog.v1.CatalogService/ListCategories" in names
    assert not [n for n in names if "Health" in n]


async def test_health_follows_database_reachability(catalog_env):
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    unreachable = {**catalog_env, "KEEL_CATALOG_DATABASE_URL": "postgresql://x:y@127.0.0.1:1/none"}
    for environ, expected in (
        (catalog_env, health_pb2.HealthCheckResponse.SERVING),
        (unreachable, health_pb2.HealthCheckResponse.NOT_SERVING),
    ):
        async with running(SPEC, environ) as address, channels.channel(address) as ch:
            stub = health_pb2_grpc.HealthStub(ch)
            for service in ("", "catalog", "keel.catalog.v1.CatalogService"):
                reply = await stub.Check(health_pb2.HealthCheckRequest(service=service))
                assert reply.status == expected, service
            # Liveness does not depend on the database: an outage must not restart pods.
            live = await stub.Check(health_pb2.HealthCheckRequest(service="liveness"))
            assert live.status == health_pb2.HealthCheckResponse.SERVING


def _durations(reader) -> dict[tuple[str, str], int]:
    """(method, status) → number of calls recorded in `rpc.server.duration`."""
    counts: dict[tuple[str, str], int] = {}
    data = reader.get_metrics_data()
    for resource in data.resource_metrics if data else []:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name != "rpc.server.duration":
                    continue
                for point in metric.data.data_points:
                    key = (point.attributes["rpc.method"], point.attributes["rpc.grpc.status_code"])
                    counts[key] = counts.get(key, 0) + point.count
    return counts


async def test_every_call_is_counted_with_its_method_status_and_latency(catalog_env, rpc_metrics):
    before = _durations(rpc_metrics)
    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        stub = catalog_pb2_grpc.CatalogServiceStub(ch)
        await stub.GetCategory(catalog_pb2.GetCategoryRequest(slug="sales"))
        for _ in range(2):
            with pytest.raises(grpc.aio.AioRpcError):
                await stub.GetCategory(catalog_pb2.GetCategoryRequest(slug="nope"))
    after = _durations(rpc_metrics)

    def added(status: str) -> int:
        key = ("GetCategory", status)
        return after.get(key, 0) - before.get(key, 0)

    assert (added("OK"), added("NOT_FOUND")) == (1, 2)


def _streaming_spec():
    """catalog plus a server-streaming method, registered as a generic handler."""

    async def stream_categories(request, context):
        for slug in ("sales", "research"):
            yield catalog_pb2.Category(slug=slug)
        if request.page_token == "fail":
            raise QuotaExceeded("stream cut", reason="STREAM_LIMIT", retry_after_seconds=3)

    def register(server: grpc.aio.Server, runtime: Runtime) -> None:
        assert SPEC.register is not None  # catalog registers its servicer
        SPEC.register(server, runtime)
        handler = grpc.unary_stream_rpc_method_handler(
            stream_categories,
            request_deserializer=catalog_pb2.ListCategoriesRequest.FromString,
            response_serializer=catalog_pb2.Category.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            [grpc.method_handlers_generic_handler("test.Streams", {"Categories": handler})]
        )

    return dataclasses.replace(SPEC, register=register)


async def _stream(address: str, request) -> tuple[list[str], grpc.aio.AioRpcError | None]:
    async with channels.channel(address) as channel:
        call = channel.unary_stream(
            "/test.Streams/Categories",
            request_serializer=catalog_pb2.ListCategoriesRequest.SerializeToString,
            response_deserializer=catalog_pb2.Category.FromString,
        )(request)
        slugs: list[str] = []
        try:
            async for category in call:
                slugs.append(category.slug)
        except grpc.aio.AioRpcError as error:
            return slugs, error
    return slugs, None


async def test_server_streams_are_validated_and_end_with_a_detailed_error(catalog_env):
    async with running(_streaming_spec(), catalog_env) as address:
        complete = await _stream(address, catalog_pb2.ListCategoriesRequest())
        cut = await _stream(address, catalog_pb2.ListCategoriesRequest(page_token="fail"))
        refused = await _stream(address, catalog_pb2.ListCategoriesRequest(page_size=-1))
    assert complete == (["sales", "research"], None)
    # An error in the middle of a stream: what was sent stays sent, then the status.
    slugs, error = cut
    assert slugs == ["sales", "research"] and error is not None
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert _only(details_of(error), error_details_pb2.ErrorInfo).reason == "STREAM_LIMIT"
    # Bad input is refused before the first message.
    slugs, error = refused
    assert slugs == [] and error is not None
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_health_goes_not_serving_while_the_database_is_away_and_back(catalog_env, postgres):
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    database = catalog_env["KEEL_CATALOG_DATABASE_URL"].rsplit("/", 1)[1]

    async def status_becomes(stub, expected) -> None:
        for _ in range(100):
            reply = await stub.Check(health_pb2.HealthCheckRequest(service="catalog"))
            if reply.status == expected:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"health stayed {reply.status}, expected {expected}")

    async with running(SPEC, catalog_env) as address, channels.channel(address) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        await status_becomes(stub, health_pb2.HealthCheckResponse.SERVING)
        await asyncio.to_thread(
            postgres.psql,
            f"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false;"
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';",
        )
        await status_becomes(stub, health_pb2.HealthCheckResponse.NOT_SERVING)
        await asyncio.to_thread(
            postgres.psql, f"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true;"
        )
        await status_becomes(stub, health_pb2.HealthCheckResponse.SERVING)

"""End to end: REST → Envoy → catalog (a real process) → its own PostgreSQL, and one trace."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator

import pytest

from deploy.embedded.otlp import OtlpReceiver
from tests.support.envoy import FLUSH_EACH_SPAN, EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess, service

SLUGS = ["customer-service", "sales", "research", "content-creation", "data-analysis"]


@pytest.fixture(scope="module")
def catalog(
    new_database, redis_server, otlp: OtlpReceiver, tmp_path_factory
) -> Iterator[ServiceProcess]:
    env = {
        "KEEL_CATALOG_DATABASE_URL": new_database("catalog"),
        "KEEL_REDIS_URL": redis_server.url,
        "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
        "OTEL_TRACES_SAMPLER": "parentbased_always_on",
        "OTEL_BSP_SCHEDULE_DELAY": "50",
        "OTEL_METRICS_EXPORTER": "none",
    }
    with service("catalog", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def edge(
    catalog: ServiceProcess, otlp: OtlpReceiver, tmp_path_factory
) -> AsyncIterator[EnvoyGateway]:
    """The gateway in front of catalog; `http` (a shared fixture) calls it."""
    home = tmp_path_factory.mktemp("envoy")
    upstreams = {"catalog": catalog.address}
    tracing = {"OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint}
    async with envoy_gateway(home, upstreams, tracing, runtime=FLUSH_EACH_SPAN) as gateway:
        yield gateway


async def test_lists_the_five_categories_as_json(http):
    response = await http.get("/v1/templates/categories")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert [c["slug"] for c in body["categories"]] == SLUGS
    first = body["categories"][0]
    assert first == {
        "slug": "customer-service",
        "name": "Customer Service",
        "description": first["description"],
        "icon": "headset",
        "sort_order": 10,
    }
    assert first["description"]


async def test_pages_with_query_parameters(http):
    first = (await http.get("/v1/templates/categories", params={"page_size": 3})).json()
    assert len(first["categories"]) == 3
    rest = (
        await http.get("/v1/templates/categories", params={"page_token": first["next_page_token"]})
    ).json()
    assert [c["slug"] for c in first["categories"] + rest["categories"]] == SLUGS


async def test_gets_one_category_by_slug(http):
    response = await http.get("/v1/templates/categories/research")
    assert response.status_code == 200
    assert response.json()["category"]["name"] == "Research"


async def test_unknown_slug_is_404_with_a_json_error(http):
    response = await http.get("/v1/templates/categories/astrology")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == 5
    assert "astrology" in body["message"]
    info = next(d for d in body["details"] if d["@type"].endswith("google.rpc.ErrorInfo"))
    assert info["reason"] == "CATEGORY_NOT_FOUND"


async def test_bad_input_is_400_with_field_violations(http):
    response = await http.get("/v1/templates/categories", params={"page_size": 1000})
    assert response.status_code == 400
    details = response.json()["details"]
    bad = next(d for d in details if d["@type"].endswith("google.rpc.BadRequest"))
    assert bad["field_violations"][0]["field"] == "page_size"


async def test_unknown_path_is_404_and_unknown_query_parameter_is_400(http):
    assert (await http.get("/v1/no-such-thing")).status_code == 404
    response = await http.get("/v1/templates/categories", params={"colour": "red"})
    assert response.status_code == 400


async def test_one_trace_holds_envoys_span_and_catalogs(http, otlp: OtlpReceiver):
    trace_id, parent = secrets.token_hex(16), secrets.token_hex(8)
    response = await http.get(
        "/v1/templates/categories", headers={"traceparent": f"00-{trace_id}-{parent}-01"}
    )
    assert response.status_code == 200

    def is_server(span: dict) -> bool:
        return span["service"] == "catalog" and span["name"].endswith("/ListCategories")

    def complete(spans: list) -> bool:
        servers = [s for s in spans if is_server(s)]
        return (
            any(s["service"] == "gateway" for s in spans)
            and bool(servers)
            and any(s["parent_span_id"] == servers[0]["span_id"] for s in spans)
        )

    spans = await otlp.wait_for_spans(complete, trace_id=trace_id)
    by_id = {s["span_id"]: s for s in spans}
    gateway_spans = [s for s in spans if s["service"] == "gateway"]
    server = next(
        s
        for s in spans
        if s["service"] == "catalog"
        and s["name"] == "keel.catalog.v1.CatalogService/ListCategories"
    )
    # Envoy continued the caller's trace: its first span's parent is the caller's span.
    assert any(s["parent_span_id"] == parent for s in gateway_spans)
    # catalog's server span hangs under one of Envoy's spans, in the same trace.
    assert by_id[server["parent_span_id"]]["service"] == "gateway"
    # And the database work hangs under catalog's span.
    assert any(s["parent_span_id"] == server["span_id"] for s in spans if s["service"] == "catalog")

"""Nothing secret in the gateway's access log or spans: an invitation's token, a share
link's id (their own secrets) and every other value of a REST path stay out of both; each
request is logged and traced by its route template (`POST /v1/invitations/{token}/accept`),
and its API key or access token never appears either."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from deploy.embedded.otlp import OtlpReceiver
from gateway import descriptors
from gateway.settings import DEFAULT_DESCRIPTOR
from tests.support import channels
from tests.support.envoy import FLUSH_EACH_SPAN, envoy_gateway

WORKLOADS = ("identity", "billing", "agents", "catalog", "messaging")
# A path variable: `{name}` or `{name=pattern}`.
_VARIABLE = re.compile(r"\{([^}=]+)(=[^}]*)?\}")


@dataclass
class Gateway:
    url: str
    access_log: Path
    otlp: OtlpReceiver


@pytest.fixture(scope="module")
async def gateway(
    tmp_path_factory: pytest.TempPathFactory, otlp: OtlpReceiver
) -> AsyncIterator[Gateway]:
    """Envoy in front of healthy upstreams that implement nothing: what the gateway logs
    and traces is the subject, not the answers."""
    server = grpc.aio.server()
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    ports = {w: channels.listen(server, "127.0.0.1:0", workload=w) for w in WORKLOADS}
    await server.start()
    settings = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{otlp.port}",
        "OTEL_TRACES_SAMPLER_ARG": "1.0",
    }
    upstreams = {name: f"127.0.0.1:{port}" for name, port in ports.items()}
    try:
        async with envoy_gateway(
            tmp_path_factory.mktemp("envoy"), upstreams, settings, runtime=FLUSH_EACH_SPAN
        ) as envoy:
            yield Gateway(envoy.url, envoy.access_log, otlp)
    finally:
        await server.stop(0)


def routes() -> list[tuple[str, str]]:
    """Every REST route of the contract with a variable in its path: (verb, template)."""
    file_set = descriptors.read(DEFAULT_DESCRIPTOR)
    found = []
    for _service, methods in descriptors.exposed_services(file_set):
        for method in methods:
            for rule in descriptors.bindings(method):
                verb, template = descriptors.verb_and_path(rule)
                if _VARIABLE.search(template):
                    found.append((verb, template))
    return found


def _filled(template: str, marker: str) -> str:
    """The template's path with each variable a secret-looking value carrying `marker`."""
    return _VARIABLE.sub(lambda m: f"inv_{marker}{m[1].replace('_', '')}", template)


async def test_no_path_value_key_or_token_reaches_the_log_or_the_spans(
    gateway: Gateway,
) -> None:
    marker = secrets.token_hex(8)
    api_key = f"osk_{marker}key"
    token = f"eyJ{marker}jwt.e30.c2ln"
    sent: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as http:
        for index, (verb, template) in enumerate(routes()):
            request_id = f"{marker}-{index}"
            credential = api_key if index % 2 else token
            headers = {"x-request-id": request_id, "authorization": f"Bearer {credential}"}
            body = b"{}" if verb in ("POST", "PATCH", "PUT") else None
            await http.request(verb, _filled(template, marker), content=body, headers=headers)
            sent[request_id] = f"{verb} {template}"
    lines = await _log_lines(gateway.access_log, set(sent))
    for request_id, route in sent.items():
        line = lines[request_id]
        assert line["route"] == route, line
        assert marker not in json.dumps(line).replace(request_id, ""), line
    # Traced by the route template, never the raw path: no span holds the marker anywhere.
    spans = await gateway.otlp.wait_for_spans(
        lambda found: len({s["attributes"].get("guid:x-request-id") for s in found}) >= len(sent),
        within=10,
    )
    ours = [s for s in spans if str(s["attributes"].get("guid:x-request-id", "")) in sent]
    servers = {s["attributes"]["guid:x-request-id"] for s in ours if s["kind"] == "SERVER"}
    assert servers == set(sent)
    for span in ours:
        request_id = str(span["attributes"]["guid:x-request-id"])
        attributes = {k: v for k, v in span["attributes"].items() if v != request_id}
        assert marker not in json.dumps([span["name"], attributes]), span
        if span["kind"] == "SERVER":
            assert span["name"] == sent[request_id], span
            assert span["attributes"]["http.route"] == sent[request_id], span


async def _log_lines(log: Path, request_ids: set[str]) -> dict[str, dict[str, object]]:
    """The access log lines of `request_ids`, waited for."""
    found: dict[str, dict[str, object]] = {}
    for _ in range(100):
        for raw in (await asyncio.to_thread(log.read_text)).splitlines():
            entry = json.loads(raw)
            if entry.get("request_id") in request_ids:
                found[entry["request_id"]] = entry
        if len(found) == len(request_ids):
            return found
        await asyncio.sleep(0.05)
    raise TimeoutError(f"access log lines missing: {sorted(request_ids - set(found))[:5]}")

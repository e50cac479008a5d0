"""`KEEL_GATEWAY_TRUSTED_HOPS`: behind an ingress, the client is the address the trusted
proxies put into X-Forwarded-For, not the ingress itself; without it X-Forwarded-For is
never believed. Checked on the rendered config and through the real Envoy, whose
`x-envoy-external-address` is what identity's throttles count by.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from gateway.envoy import render
from gateway.settings import GatewaySettings
from keel_runtime.config import ConfigError
from keel_runtime.context import CLIENT_ADDRESS
from tests.gateway.test_edge_auth import PUBLIC, FakeIdentity, serve_identity
from tests.support.channels import mesh_env
from tests.support.envoy import envoy_gateway


def _manager(settings: GatewaySettings) -> dict[str, object]:
    listener = render(settings)["static_resources"]["listeners"][0]
    manager: dict[str, object] = listener["filter_chains"][0]["filters"][0]["typed_config"]
    return manager


def test_no_proxy_is_trusted_by_default() -> None:
    manager = _manager(GatewaySettings.from_env(mesh_env()))
    assert manager["use_remote_address"] is True
    assert manager["xff_num_trusted_hops"] == 0


def test_trusted_hops_reach_the_connection_manager() -> None:
    settings = GatewaySettings.from_env({**mesh_env(), "KEEL_GATEWAY_TRUSTED_HOPS": "2"})
    assert settings.trusted_hops == 2
    assert _manager(settings)["xff_num_trusted_hops"] == 2


@pytest.mark.parametrize("value", ["-1", "11", "one"])
def test_a_bad_hop_count_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="KEEL_GATEWAY_TRUSTED_HOPS"):
        GatewaySettings.from_env({**mesh_env(), "KEEL_GATEWAY_TRUSTED_HOPS": value})


# --- through the real Envoy -----------------------------------------------------------------


@pytest.fixture(scope="module")
async def identity() -> AsyncIterator[tuple[FakeIdentity, int]]:
    fake = FakeIdentity()  # type: ignore[abstract]  # unfaked methods answer UNIMPLEMENTED
    server, port = await serve_identity(fake)
    yield fake, port
    await server.stop(0)


@asynccontextmanager
async def gateway(
    home: Path, identity: tuple[FakeIdentity, int], hops: int
) -> AsyncIterator[Callable[[dict[str, str]], Awaitable[str]]]:
    """Envoy trusting `hops` proxies; yields a function: request headers → the client
    address the service was told."""
    fake, port = identity
    upstream = f"127.0.0.1:{port}"
    settings = {"KEEL_MTLS": "off", "KEEL_GATEWAY_TRUSTED_HOPS": str(hops)}
    async with envoy_gateway(home, {"identity": upstream, "catalog": upstream}, settings) as edge:
        async with httpx.AsyncClient(base_url=edge.url, timeout=10) as http:

            async def client_address(headers: dict[str, str]) -> str:
                fake.calls.clear()
                response = await http.get(PUBLIC, headers=headers)
                assert response.status_code == 200, response.text
                return fake.calls[-1].metadata[CLIENT_ADDRESS]

            yield client_address


async def test_without_trusted_hops_forwarded_for_is_ignored(identity, tmp_path) -> None:
    async with gateway(tmp_path, identity, 0) as client_address:
        assert await client_address({}) == "127.0.0.1"
        assert await client_address({"x-forwarded-for": "198.51.100.7"}) == "127.0.0.1"
        # Nor can a client name itself: Envoy sets the header, whatever was sent.
        assert await client_address({CLIENT_ADDRESS: "198.51.100.7"}) == "127.0.0.1"


async def test_one_trusted_hop_takes_the_address_the_ingress_appended(identity, tmp_path) -> None:
    async with gateway(tmp_path, identity, 1) as client_address:
        assert await client_address({"x-forwarded-for": "198.51.100.7"}) == "198.51.100.7"
        # What the client wrote itself, left of the ingress's entry, is not believed.
        spoofed = {"x-forwarded-for": "203.0.113.9, 198.51.100.7"}
        assert await client_address(spoofed) == "198.51.100.7"
        # Clients on a private network are told apart too.
        assert await client_address({"x-forwarded-for": "10.1.2.3"}) == "10.1.2.3"
        spoofed_header = {CLIENT_ADDRESS: "203.0.113.9", "x-forwarded-for": "198.51.100.8"}
        assert await client_address(spoofed_header) == "198.51.100.8"


async def test_two_trusted_hops_skip_both_proxies(identity, tmp_path) -> None:
    async with gateway(tmp_path, identity, 2) as client_address:
        chain = {"x-forwarded-for": "198.51.100.7, 10.0.0.5"}  # client, then the CDN's edge
        assert await client_address(chain) == "198.51.100.7"

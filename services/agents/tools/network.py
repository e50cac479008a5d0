"""Where tools may connect: public addresses only, checked on the address actually dialled.

A model chooses URLs, so every outbound connection a tool makes (http_request, MCP servers)
goes through a guarded network backend: the host is resolved once here (asyncio's
getaddrinfo), the request is refused if ANY of its addresses is not public, and the socket is
opened to one of exactly those checked addresses. There is no second DNS lookup between check
and connect, so DNS rebinding cannot swap in an internal address; redirects and reconnects
pass through the same backend. TLS is unaffected: httpcore still sends the URL's host name as
SNI and verifies the certificate against it, since only the TCP dial is redirected.

httpx (http_request) and httpx2 (the `mcp` SDK's client) have no public hook for a network
backend, so `GuardedTransport` / `GuardedTransport2` replace their transport's connection pool
with one on the guarded backend (`_pool`, the seam both libraries' transports are built on).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

import httpcore
import httpcore2
import httpx
import httpx2

from services.agents.tools.base import ToolError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_Stream = TypeVar("_Stream")


def is_public_address(address: str | IPAddress) -> bool:
    """Whether a tool may connect to `address`: globally routable unicast, nothing internal.

    IPv6 forms that carry an IPv4 address (IPv4-mapped, 6to4, NAT64) are judged by the IPv4
    address inside, so `::ffff:127.0.0.1` is loopback however it is spelled.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.teredo is not None:
            return False
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_public_address(inner)
        if ip.is_site_local:
            return False
    if ip in _METADATA or ip in _CGNAT:
        return False
    internal = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not internal


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in network for network in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


async def resolve_checked(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Every address of `host`, or PRIVATE_ADDRESS if any of them is not public.

    All addresses are checked, not only the first: a resolver answering one public and one
    internal address must not get a second chance at the connection.
    """
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ToolError("HOST_UNRESOLVED", f"{host} could not be resolved") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise ToolError("HOST_UNRESOLVED", f"{host} has no address")
    if not allow_private and not all(is_public_address(address) for address in addresses):
        raise ToolError("PRIVATE_ADDRESS", f"{host} resolves to a non-public address")
    return addresses


async def connect_checked(
    connect: Callable[[str], Awaitable[_Stream]], host: str, port: int, *, allow_private: bool
) -> _Stream:
    """Resolve and check `host` once, then dial its checked addresses in turn."""
    addresses = await resolve_checked(host, port, allow_private=allow_private)
    failure: Exception | None = None
    for address in addresses:
        try:
            return await connect(address)
        except Exception as exc:  # the next address may answer (no IPv6 route, IPv4 fine)
            failure = exc
    assert failure is not None
    raise failure


class _Backend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, dialling only checked addresses."""

    def __init__(self, *, allow_private: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        async def dial(address: str) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                address, port, timeout, local_address, socket_options
            )

        return await connect_checked(dial, host, port, allow_private=self._allow_private)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Backend2(httpcore2.AsyncNetworkBackend):
    """The same for httpcore2 (under httpx2, the `mcp` SDK's HTTP client)."""

    def __init__(self, *, allow_private: bool) -> None:
        self._inner = httpcore2.AnyIOBackend()
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        async def dial(address: str) -> httpcore2.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                address, port, timeout, local_address, socket_options
            )

        return await connect_checked(dial, host, port, allow_private=self._allow_private)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context (certifi's roots) for every transport: loading the roots
    takes longer than many a request, and a context is safe to share."""
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport (TLS verified, no proxies from the environment) on the guarded backend."""

    def __init__(self, *, allow_private: bool = False) -> None:
        super().__init__(verify=_tls(), trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=_tls(), network_backend=_Backend(allow_private=allow_private)
        )


class GuardedTransport2(httpx2.AsyncHTTPTransport):
    """The same for httpx2, for the MCP client."""

    def __init__(self, *, allow_private: bool = False) -> None:
        super().__init__(verify=_tls(), trust_env=False)
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=_tls(), network_backend=_Backend2(allow_private=allow_private)
        )

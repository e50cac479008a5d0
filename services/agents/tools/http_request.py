"""`http_request`: an agent calls HTTP APIs its owner allowed, and nothing else.

Defences, in order: only http/https; the host must be on the agent's allow-list (checked
before any connection, and again on every redirect hop); every address the host resolves to
must be public, and the connection goes to one of those checked addresses (network.py: no
second DNS lookup, so no rebinding); at most 3 redirects, followed by hand so each hop is
checked; one deadline for the whole exchange; the body read in a stream and cut at
`max_response_bytes` (a truncated body is returned with a marker and `"truncated": true`, not
refused: the start of a large page is usually what the model needed). `Accept-Encoding:
identity` is sent, and a compressed body a server sends anyway is inflated only up to the limit.
"""

from __future__ import annotations

import asyncio
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

import httpx

from services.agents.tools.base import ToolError, ToolResult, ToolSpec, text_argument
from services.agents.tools.network import GuardedTransport

MAX_REDIRECTS = 3
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Hop-by-hop headers (RFC 9110 7.6.1) and the ones this tool owns.
_DROPPED_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "accept-encoding",
        "idempotency-key",
    }
)
_RESPONSE_HEADERS = (
    "content-type",
    "content-length",
    "content-language",
    "last-modified",
    "etag",
    "location",
    "retry-after",
)
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$")
_BAD_VALUE = frozenset("\r\n\x00")
_HOST_PATTERN = re.compile(r"^(\*\.)?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$")

SPEC = ToolSpec(
    name="http_request",
    description="Make an HTTP request to an allowed host and get its status, headers and body.",
    parameters={
        "type": "object",
        "properties": {
            "url": {"type": "string", "description": "Absolute http(s) URL."},
            "method": {"type": "string", "description": "HTTP method (default GET)."},
            "headers": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "Request headers.",
            },
            "body": {"type": "string", "description": "Request body."},
        },
        "required": ["url"],
        "additionalProperties": False,
    },
)


@dataclass(frozen=True)
class HttpRequestSettings:
    """The agent owner's limits on the tool (its `settings` in the agent config)."""

    allowed_hosts: tuple[str, ...]
    timeout_seconds: float = 10.0
    max_response_bytes: int = 64 * 1024
    allowed_methods: tuple[str, ...] = ("GET",)

    @classmethod
    def parse(cls, settings: dict[str, Any]) -> HttpRequestSettings:
        """Validated settings; a wrong value is a ValueError (the config is at fault)."""
        hosts = settings.get("allowed_hosts")
        if not isinstance(hosts, list) or not hosts:
            raise ValueError("http_request: allowed_hosts must be a non-empty list of host names")
        methods = settings.get("allowed_methods", ["GET"])
        if not isinstance(methods, list) or not methods:
            raise ValueError("http_request: allowed_methods must be a non-empty list")
        return cls(
            allowed_hosts=tuple(_host_pattern(host) for host in hosts),
            timeout_seconds=float(_number(settings, "timeout_seconds", 10, 30)),
            max_response_bytes=int(_number(settings, "max_response_bytes", 64 * 1024, 1024**2)),
            allowed_methods=tuple(_method(method) for method in methods),
        )


def _number(settings: dict[str, Any], key: str, default: float, maximum: float) -> float:
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= maximum:
        raise ValueError(f"http_request: {key} must be a number in (0, {maximum:g}]")
    return value


def _method(value: Any) -> str:
    if not isinstance(value, str) or value.upper() not in _METHODS:
        raise ValueError(f"http_request: unknown method {value!r} in allowed_methods")
    return value.upper()


def _host_pattern(value: Any) -> str:
    """An allow-list entry, normalised as URLs' hosts are (lower case, IDNA, no brackets)."""
    if not isinstance(value, str):
        raise ValueError("http_request: allowed_hosts must be host names")
    host = value.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if ":" in host:  # an IPv6 literal
        return host
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"http_request: {value!r} is not a host name") from exc
    if not _HOST_PATTERN.match(host):
        raise ValueError(f"http_request: {value!r} is not a host name or *.domain")
    return host


def host_allowed(host: str, patterns: tuple[str, ...]) -> bool:
    """`host` is an entry, or a subdomain of a `*.domain` entry (not the domain itself)."""
    host = host.lower().rstrip(".")
    return any(
        host.endswith(pattern[1:]) if pattern.startswith("*.") else host == pattern
        for pattern in patterns
    )


class HttpRequest:
    """The `http_request` tool of one agent (its settings, and whether private addresses are
    reachable: only in tests, `allow_private_addresses`)."""

    spec = SPEC

    def __init__(
        self,
        settings: HttpRequestSettings,
        *,
        requires_approval: bool = False,
        allow_private_addresses: bool = False,
    ) -> None:
        self.settings = settings
        self.requires_approval = requires_approval
        self._allow_private = allow_private_addresses

    async def call(
        self, arguments: dict[str, Any], *, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult:
        method = text_argument(arguments, "method", "GET").upper()
        if method not in self.settings.allowed_methods:
            allowed = ", ".join(self.settings.allowed_methods)
            raise ToolError("METHOD_NOT_ALLOWED", f"{method} is not allowed (allowed: {allowed})")
        url = _url(text_argument(arguments, "url"))
        headers = _headers(arguments.get("headers"))
        if method != "GET":
            headers["Idempotency-Key"] = idempotency_key
        body = arguments.get("body")
        if body is not None and not isinstance(body, str):
            raise ToolError("BAD_ARGUMENTS", "body must be a string")
        limit = min(self.settings.timeout_seconds, timeout_seconds)
        try:
            async with asyncio.timeout(limit):
                return await self._exchange(method, url, headers, body, limit)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise ToolError("TIMEOUT", f"no complete response within {limit:g} s") from exc
        except httpx.HTTPError as exc:
            raise ToolError("REQUEST_FAILED", f"the request failed ({type(exc).__name__})") from exc

    async def _exchange(
        self, method: str, url: httpx.URL, headers: dict[str, str], body: str | None, limit: float
    ) -> ToolResult:
        transport = GuardedTransport(allow_private=self._allow_private)
        async with httpx.AsyncClient(transport=transport, timeout=limit, trust_env=False) as client:
            request = client.build_request(method, url, headers=headers, content=body)
            for _hop in range(MAX_REDIRECTS + 1):
                self._check_target(request.url)
                response = await client.send(request, stream=True)
                try:
                    if response.next_request is None:
                        return await self._result(method, url, response)
                    request = response.next_request
                finally:
                    await response.aclose()
        raise ToolError("TOO_MANY_REDIRECTS", f"more than {MAX_REDIRECTS} redirects")

    def _check_target(self, url: httpx.URL) -> None:
        if url.scheme not in ("http", "https"):
            raise ToolError("SCHEME_NOT_ALLOWED", f"only http and https, not {url.scheme!r}")
        host = url.raw_host.decode("ascii")
        if not host_allowed(host, self.settings.allowed_hosts):
            raise ToolError("HOST_NOT_ALLOWED", f"{host} is not on this agent's allowed hosts")

    async def _result(self, method: str, url: httpx.URL, response: httpx.Response) -> ToolResult:
        body, truncated = await _read_bounded(response, self.settings.max_response_bytes)
        text = _text(body, response)
        if truncated:
            text += f"\n[truncated: the body is longer than {len(body)} bytes]"
        kept = {
            name: response.headers[name] for name in _RESPONSE_HEADERS if name in response.headers
        }
        output = {"status": response.status_code, "headers": kept, "body": text}
        content_type = response.headers.get("content-type", "no content type")
        return ToolResult(
            output=json.dumps({**output, "truncated": truncated}),
            # Neither query nor headers: either may carry a credential.
            summary_in=f"{method} {url.copy_with(query=None, fragment=None)}",
            summary_out=f"{response.status_code} {content_type}, {len(body)} bytes"
            + (" (truncated)" if truncated else ""),
        )


def _url(text: str) -> httpx.URL:
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise ToolError("BAD_ARGUMENTS", f"not a URL: {exc}") from exc
    if not url.is_absolute_url or not url.host:
        raise ToolError("BAD_ARGUMENTS", "url must be absolute, with a host")
    return url


def _headers(value: Any) -> dict[str, str]:
    """The model's headers, less hop-by-hop ones and those the tool sets itself."""
    value = {} if value is None else value
    if not isinstance(value, dict):
        raise ToolError("BAD_ARGUMENTS", "headers must be an object of strings")
    headers = {"Accept-Encoding": "identity"}
    for name, text in value.items():
        if not isinstance(text, str) or not _HEADER_NAME.match(str(name)) or _BAD_VALUE & set(text):
            raise ToolError("BAD_ARGUMENTS", f"header {name!r} must be a token with a text value")
        if name.lower() not in _DROPPED_HEADERS:
            headers[name] = text
    return headers


async def _read_bounded(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """The body, at most `limit` bytes of it (after decoding), and whether it was cut."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise ToolError("UNSUPPORTED_ENCODING", f"the response is {encoding}-encoded")
    # gzip and zlib framing detected from the header; inflated at most to the limit.
    inflater = None if encoding == "identity" else zlib.decompressobj(zlib.MAX_WBITS | 32)
    body = bytearray()
    try:
        async for chunk in response.aiter_raw():
            body += chunk if inflater is None else inflater.decompress(chunk, limit + 1 - len(body))
            if len(body) > limit:
                return bytes(body[:limit]), True
    except zlib.error as exc:
        raise ToolError("BAD_RESPONSE", "the compressed body is corrupt") from exc
    return bytes(body), False


def _text(body: bytes, response: httpx.Response) -> str:
    """The body as text; binary content is named, not shown (it would only cost tokens)."""
    content_type = response.headers.get("content-type", "").lower()
    textual = (
        content_type.startswith(_TEXT_TYPES) or "+json" in content_type or "+xml" in content_type
    )
    if content_type and not textual:
        return f"[{len(body)} bytes of {content_type.split(';')[0]}, not shown]"
    try:
        return body.decode(response.charset_encoding or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")

"""The agents' tools layer against real servers: a local HTTP server (starlette under uvicorn)
for http_request and a real MCP server (the `mcp` SDK) for MCP tools, both on 127.0.0.1.

Loopback is exactly what http_request must refuse, so the tests that reach these servers build
the toolbox with `allow_private_addresses=True` (the worker's KEEL_AGENTS_TOOLS_ALLOW_PRIVATE);
the refusals are tested with it off, counting the requests the server saw.
No PostgreSQL: none of tests/agents/conftest.py's fixtures are used.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import mcp_types
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from services.agents.tools import Toolbox, ToolError, ToolResult, load_mcp_tools
from services.agents.tools.http_request import host_allowed
from services.agents.tools.mcp_tools import McpServerConfig, McpTool, offered_name
from services.agents.tools.network import is_public_address
from tests.support.mcp_server import McpTestServer, mcp_server, serve_asgi
from tests.support.net import free_port

KEY = "run-1-step-3"


@dataclass
class Web:
    """The local HTTP server: its port and every request it received (method, path)."""

    port: int = 0
    seen: list[tuple[str, str]] = field(default_factory=list)

    def url(self, path: str, host: str = "localhost") -> str:
        return f"http://{host}:{self.port}{path}"


def web_app(web: Web) -> Starlette:
    async def hello(request: Request) -> Response:
        return PlainTextResponse("hello")

    async def echo(request: Request) -> Response:
        body = (await request.body()).decode()
        return JSONResponse(
            {"method": request.method, "headers": dict(request.headers), "body": body}
        )

    async def big(request: Request) -> Response:
        return PlainTextResponse("x" * 200_000)

    async def bomb(request: Request) -> Response:  # ignores Accept-Encoding: identity
        return Response(gzip.compress(b"y" * 5_000_000), headers={"content-encoding": "gzip"})

    async def slow(request: Request) -> Response:
        await asyncio.sleep(3)
        return PlainTextResponse("late")

    async def redirect(request: Request) -> Response:
        return RedirectResponse(request.query_params["to"], status_code=302)

    async def loop(request: Request) -> Response:
        return RedirectResponse("/loop", status_code=307)

    async def record(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            web.seen.append((scope["method"], scope["path"]))
        await app(scope, receive, send)

    app = Starlette(
        routes=[
            Route("/hello", hello),
            Route("/echo", echo, methods=["GET", "POST", "PUT"]),
            Route("/big", big),
            Route("/bomb", bomb),
            Route("/slow", slow),
            Route("/redirect", redirect),
            Route("/loop", loop),
        ]
    )
    return record  # type: ignore[return-value]


@pytest.fixture(scope="module")
def web() -> Iterator[Web]:
    web = Web()
    with serve_asgi(web_app(web)) as port:
        web.port = port
        yield web


@pytest.fixture(scope="module")
def mcp() -> Iterator[McpTestServer]:
    with mcp_server() as server:
        yield server


def http_entry(**settings: Any) -> dict[str, Any]:
    return {"name": "http_request", "settings": settings}


def http_config(**settings: Any) -> dict[str, Any]:
    return {"tools": [http_entry(**{"allowed_hosts": ["localhost"], **settings})]}


async def call(box: Toolbox, name: str, arguments: Any, seconds: float = 10) -> ToolResult:
    result = await box.call(name, arguments, idempotency_key=KEY, timeout_seconds=seconds)
    assert 0 < len(result.summary_in) <= 500 and 0 < len(result.summary_out) <= 500
    return result


def error_of(result: ToolResult) -> str:
    assert result.is_error, result.output
    return str(json.loads(result.output)["error"])


async def fetch(web: Web, url: str, private: bool = True, **settings: Any) -> ToolResult:
    box = await Toolbox.build(http_config(**settings), allow_private_addresses=private)
    return await call(box, "http_request", {"url": url})


# --- built-ins ----------------------------------------------------------------------------


async def test_current_time_defaults_to_utc() -> None:
    box = await Toolbox.build({"tools": [{"name": "current_time"}]})
    result = json.loads((await call(box, "current_time", {})).output)
    time = datetime.fromisoformat(result["time"])
    assert result["timezone"] == "UTC" and time.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - time) < timedelta(seconds=5)


async def test_current_time_in_a_zone() -> None:
    box = await Toolbox.build({"tools": [{"name": "current_time"}]})
    result = json.loads((await call(box, "current_time", {"timezone": "Asia/Tokyo"})).output)
    assert datetime.fromisoformat(result["time"]).utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", 42])
async def test_current_time_unknown_zone(zone: Any) -> None:
    box = await Toolbox.build({"tools": [{"name": "current_time"}]})
    assert error_of(await call(box, "current_time", {"timezone": zone})) == "BAD_ARGUMENTS"


async def test_handoff_to_human() -> None:
    box = await Toolbox.build({"tools": [{"name": "handoff_to_human"}]})
    result = await call(box, "handoff_to_human", {"reason": "wants a refund"})
    assert result.handoff and not result.is_error
    assert result.output == "Handed off to a person: wants a refund"


async def test_made_up_tool_and_bad_arguments() -> None:
    box = await Toolbox.build({"tools": [{"name": "current_time"}]})
    assert error_of(await call(box, "rm_rf", {})) == "TOOL_NOT_ALLOWED"
    assert error_of(await call(box, "current_time", ["UTC"])) == "BAD_ARGUMENTS"
    assert box.get("rm_rf") is None and not box.requires_approval("rm_rf")


@pytest.mark.parametrize(
    "config",
    [
        {"tools": [{"name": "web_search"}]},
        {"tools": [http_entry()]},
        {"tools": [http_entry(allowed_hosts=["a.com"], timeout_seconds=31)]},
        {"tools": [http_entry(allowed_hosts=["a b"])]},
        {"tools": [http_entry(allowed_hosts=["a.com"], allowed_methods=["BREW"])]},
        {"tools": [{"name": "current_time", "settings": {"requires_approval": "yes"}}]},
        {"tools": [{"name": "current_time"}, {"name": "current_time"}]},
        {"mcp_servers": [{"name": "calc", "url": "ftp://example.com"}]},
    ],
)
async def test_bad_configs_refused_at_build(config: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        await Toolbox.build(config)


async def test_requires_approval_from_settings_and_server(mcp: McpTestServer) -> None:
    config = {
        "tools": [
            {"name": "current_time", "settings": {"requires_approval": True}},
            {"name": "handoff_to_human"},
        ],
        "mcp_servers": [
            {"name": "calc", "url": mcp.url, "allowed_tools": ["add"], "requires_approval": True}
        ],
    }
    box = await Toolbox.build(config, allow_private_addresses=True)
    assert box.requires_approval("current_time") and box.requires_approval("calc__add")
    assert not box.requires_approval("handoff_to_human")


# --- http_request: reaching an allowed host ------------------------------------------------


async def test_allowed_host_is_reached(web: Web) -> None:
    result = await fetch(web, web.url("/hello"))
    output = json.loads(result.output)
    assert not result.is_error and output["status"] == 200 and output["body"] == "hello"
    assert output["truncated"] is False and output["headers"]["content-type"].startswith(
        "text/plain"
    )
    assert result.summary_in == f"GET {web.url('/hello')}"


async def test_post_sends_idempotency_key_and_drops_hop_by_hop_headers(web: Web) -> None:
    box = await Toolbox.build(
        http_config(allowed_methods=["GET", "POST"]), allow_private_addresses=True
    )
    headers = {
        "X-Test": "1",
        "Host": "evil.example",
        "Connection": "close",
        "Authorization": "Bearer s3cret",
    }
    arguments = {
        "url": web.url("/echo?token=s3cret"),
        "method": "post",
        "headers": headers,
        "body": "hi",
    }
    result = await call(box, "http_request", arguments)
    echoed = json.loads(json.loads(result.output)["body"])
    assert echoed["method"] == "POST" and echoed["body"] == "hi"
    assert echoed["headers"]["idempotency-key"] == KEY and echoed["headers"]["x-test"] == "1"
    assert echoed["headers"]["host"] == f"localhost:{web.port}"
    assert "s3cret" not in result.summary_in


async def test_get_carries_no_idempotency_key(web: Web) -> None:
    echoed = json.loads(json.loads((await fetch(web, web.url("/echo"))).output)["body"])
    assert "idempotency-key" not in echoed["headers"]


async def test_redirect_to_an_allowed_host_is_followed(web: Web) -> None:
    result = await fetch(web, web.url(f"/redirect?to={web.url('/hello')}"))
    assert json.loads(result.output)["body"] == "hello"


async def test_large_response_is_truncated(web: Web) -> None:
    output = json.loads((await fetch(web, web.url("/big"), max_response_bytes=1000)).output)
    assert output["truncated"] is True
    assert output["body"].startswith("x" * 1000) and "x" * 1001 not in output["body"]
    assert "[truncated" in output["body"]


async def test_compressed_response_is_inflated_only_to_the_limit(web: Web) -> None:
    output = json.loads((await fetch(web, web.url("/bomb"), max_response_bytes=2000)).output)
    assert output["truncated"] is True and output["body"].startswith("y" * 2000)


async def test_slow_response_times_out(web: Web) -> None:
    assert error_of(await fetch(web, web.url("/slow"), timeout_seconds=0.5)) == "TIMEOUT"
    box = await Toolbox.build(http_config(), allow_private_addresses=True)
    result = await call(box, "http_request", {"url": web.url("/slow")}, seconds=0.5)
    assert error_of(result) == "TIMEOUT"


# --- http_request: refusals -----------------------------------------------------------------


async def test_host_not_on_the_allow_list_is_refused_without_a_connection(web: Web) -> None:
    before = len(web.seen)
    box = await Toolbox.build(
        http_config(allowed_hosts=["example.com", "*.localhost"]), allow_private_addresses=True
    )
    for url in (web.url("/hello"), web.url("/hello", host="127.0.0.1")):
        assert error_of(await call(box, "http_request", {"url": url})) == "HOST_NOT_ALLOWED"
    assert len(web.seen) == before


# Loopback in its spellings, private ranges, link-local, the metadata address, CGNAT, the
# unspecified address, 6to4 of loopback.
INTERNAL_HOSTS = """localhost 127.0.0.1 [::1] [::ffff:127.0.0.1] 10.1.2.3 192.168.0.1
169.254.169.254 100.64.0.1 [fe80::1] 0.0.0.0 [2002:7f00:1::]""".split()
PUBLIC = "8.8.8.8 2606:4700::1111 ::ffff:8.8.8.8 64:ff9b::808:808".split()
NOT_PUBLIC = """127.0.0.1 10.0.0.1 172.16.0.1 192.168.1.1 169.254.169.254 100.64.0.1 0.0.0.0
224.0.0.1 240.0.0.1 255.255.255.255 ::1 :: fe80::1 fc00::1 fec0::1 ff02::1 ::ffff:10.0.0.1
2002:c0a8:101:: 64:ff9b::7f00:1 2001::1 fd00:ec2::254 ::7f00:1""".split()


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
async def test_internal_addresses_are_refused(web: Web, host: str) -> None:
    before = len(web.seen)
    allowed = [host.strip("[]")]
    result = await fetch(
        web, f"http://{host}:{web.port}/hello", private=False, allowed_hosts=allowed
    )
    assert error_of(result) == "PRIVATE_ADDRESS"
    assert len(web.seen) == before


async def test_redirect_to_a_host_not_allowed_is_refused(web: Web) -> None:
    before = len(web.seen)
    target = web.url("/hello", host="127.0.0.1")
    result = await fetch(web, web.url(f"/redirect?to={target}"))
    assert error_of(result) == "HOST_NOT_ALLOWED"
    assert [path for _, path in web.seen[before:]] == ["/redirect"]


async def test_redirects_are_followed_at_most_three_times(web: Web) -> None:
    before = len(web.seen)
    assert error_of(await fetch(web, web.url("/loop"))) == "TOO_MANY_REDIRECTS"
    assert len(web.seen) - before == 4


async def test_method_not_allowed(web: Web) -> None:
    before = len(web.seen)
    box = await Toolbox.build(http_config(), allow_private_addresses=True)
    result = await call(box, "http_request", {"url": web.url("/echo"), "method": "DELETE"})
    assert error_of(result) == "METHOD_NOT_ALLOWED" and len(web.seen) == before


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/relative", "gopher://localhost/"])
async def test_only_absolute_http_urls(web: Web, url: str) -> None:
    box = await Toolbox.build(http_config(), allow_private_addresses=True)
    assert error_of(await call(box, "http_request", {"url": url})) in {
        "BAD_ARGUMENTS",
        "SCHEME_NOT_ALLOWED",
    }


@pytest.mark.parametrize(
    ("address", "public"), [(a, True) for a in PUBLIC] + [(a, False) for a in NOT_PUBLIC]
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_host_allow_list_matching() -> None:
    patterns = ("api.example.com", "*.example.org")
    assert host_allowed("API.example.com.", patterns) and host_allowed("a.b.example.org", patterns)
    assert not host_allowed("example.org", patterns) and not host_allowed(
        "evilexample.org", patterns
    )
    assert not host_allowed("api.example.com.evil.net", patterns)


# --- MCP servers -----------------------------------------------------------------------------


def mcp_config(url: str, **server: Any) -> dict[str, Any]:
    return {"mcp_servers": [{"name": "calc", "url": url, **server}]}


async def test_mcp_tools_are_offered_as_server__tool(mcp: McpTestServer) -> None:
    box = await Toolbox.build(mcp_config(mcp.url), allow_private_addresses=True)
    specs = {spec.name: spec for spec in box.specs()}
    assert set(specs) == {"calc__add", "calc__echo", "calc__record", "calc__sleep", "calc__fail"}
    assert set(specs["calc__add"].parameters["properties"]) == {"a", "b"}
    assert "Add two integers" in specs["calc__add"].description


async def test_mcp_allowed_tools_filter(mcp: McpTestServer) -> None:
    config = mcp_config(mcp.url, allowed_tools=["add", "not_on_the_server"])
    box = await Toolbox.build(config, allow_private_addresses=True)
    assert [spec.name for spec in box.specs()] == ["calc__add"]


async def test_mcp_call(mcp: McpTestServer) -> None:
    box = await Toolbox.build(mcp_config(mcp.url), allow_private_addresses=True)
    result = await call(box, "calc__add", {"a": 2, "b": 3})
    assert result.output == "5" and not result.is_error
    long = await call(box, "calc__echo", {"text": "z" * 2000})
    assert long.output == "z" * 2000 and len(long.summary_out) == 500


async def test_mcp_error_result(mcp: McpTestServer) -> None:
    box = await Toolbox.build(mcp_config(mcp.url), allow_private_addresses=True)
    result = await call(box, "calc__fail", {})
    assert result.is_error and "always fails" in result.output


async def test_mcp_call_carries_the_idempotency_key_once(mcp: McpTestServer) -> None:
    box = await Toolbox.build(mcp_config(mcp.url), allow_private_addresses=True)
    await box.call("calc__record", {"key": "k-once"}, idempotency_key="idem-7", timeout_seconds=10)
    assert mcp.records["k-once"] == 1
    assert mcp.metas[-1]["idempotency_key"] == "idem-7"


async def test_slow_mcp_call_times_out(mcp: McpTestServer) -> None:
    box = await Toolbox.build(mcp_config(mcp.url), allow_private_addresses=True)
    result = await call(box, "calc__sleep", {"seconds": 3}, seconds=0.5)
    assert error_of(result) == "TIMEOUT"


async def test_unreachable_mcp_server_at_build() -> None:
    with pytest.raises(ToolError) as refused:
        await Toolbox.build(
            mcp_config(f"http://127.0.0.1:{free_port()}/mcp"), allow_private_addresses=True
        )
    assert refused.value.reason == "MCP_UNAVAILABLE" and "calc" in refused.value.message


async def test_mcp_server_gone_after_build() -> None:
    with mcp_server() as server:
        box = await Toolbox.build(mcp_config(server.url), allow_private_addresses=True)
    assert error_of(await call(box, "calc__add", {"a": 1, "b": 1})) == "MCP_UNAVAILABLE"


async def test_mcp_server_on_loopback_refused_without_the_flag(mcp: McpTestServer) -> None:
    with pytest.raises(ToolError) as refused:
        await load_mcp_tools({"name": "calc", "url": mcp.url})
    assert refused.value.reason == "PRIVATE_ADDRESS"


async def test_mcp_connections_dial_only_checked_addresses(mcp: McpTestServer) -> None:
    """The guard is in the connection itself, not only the check before listing: a tool
    whose server URL turned internal is refused at its call."""
    server = McpServerConfig.parse({"name": "calc", "url": mcp.url})
    add = mcp_types.Tool(name="add", input_schema={"type": "object"})
    box = Toolbox([McpTool(server, add, allow_private=False)])
    assert error_of(await call(box, "calc__add", {"a": 1, "b": 2})) == "PRIVATE_ADDRESS"


def test_offered_names_fit_the_providers_rules() -> None:
    assert offered_name("calc", "add") == "calc__add"
    odd, long = offered_name("calc", "files/read.v2"), offered_name("s" * 40, "t" * 40)
    assert odd.startswith("calc__files_read_v2_") and len(long) == 64
    assert offered_name("s" * 40, "t" * 40 + "u") != long

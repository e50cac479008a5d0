"""The API's docs page (`/docs`): Redoc on the gateway's own OpenAPI document, served by a
real Envoy with nothing loaded from elsewhere."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import httpx

from gateway import docs
from tests.support.envoy import envoy_gateway, nowhere

# Headless, as root, and nothing but the page: this machine's network is closed, and
# Chromium's own background connections would be refused many at a time.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


async def test_the_page_renders_the_served_document_with_the_served_bundle(
    tmp_path: Path,
) -> None:
    async with envoy_gateway(tmp_path, {"catalog": nowhere(), "identity": nowhere()}) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url, timeout=10) as http:
            page = await http.get("/docs")
            # The page's relative URLs, resolved as a browser does against /docs.
            spec_url = re.search(r'spec-url="([^"]+)"', page.text)
            script_src = re.search(r'<script src="([^"]+)"', page.text)
            assert spec_url is not None and script_src is not None
            spec = await http.get(str(httpx.URL("/docs").join(spec_url.group(1))))
            script = await http.get(str(httpx.URL("/docs").join(script_src.group(1))))
            posted = await http.post("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == docs.CONTENT_SECURITY_POLICY
    assert (spec.status_code, spec.headers["content-type"]) == (200, "application/json")
    assert spec.json()["openapi"].startswith("3.1")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.content == docs.bundle().read_bytes()  # the pinned package's, whole
    assert posted.status_code == 404  # GET and HEAD only


def test_the_page_loads_nothing_from_another_origin() -> None:
    assert "http" not in docs.PAGE  # every URL of the page is relative to it
    policy = dict(part.strip().split(" ", 1) for part in docs.CONTENT_SECURITY_POLICY.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"].split() == ["'self'", "'unsafe-eval'"]
    assert policy["connect-src"] == "'self'"


async def test_the_page_renders_in_chromium_and_lists_every_route(tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    assert chromium is not None, "Debian's chromium is missing: `make install` installs it"
    async with envoy_gateway(tmp_path, {"catalog": nowhere(), "identity": nowhere()}) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url, timeout=10) as http:
            document = (await http.get("/openapi.json")).json()
        browser = await asyncio.create_subprocess_exec(
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'chromium'}",
            # Virtual time runs the page's scripts and fetches to completion, then dumps.
            "--virtual-time-budget=30000",
            "--dump-dom",
            f"{envoy.url}/docs",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        dom, _ = await asyncio.wait_for(browser.communicate(), timeout=120)
    rendered = set(re.findall(r'id="tag/([^/"]+)/operation/([^"]+)"', dom.decode()))
    operations = {
        (operation["tags"][0], operation["operationId"])
        for item in document["paths"].values()
        for operation in item.values()
    }
    assert len(operations) > 100
    assert operations <= rendered  # every route, with its schemas and errors
    payment_required = [
        operation
        for item in document["paths"].values()
        for operation in item.values()
        if "402" in operation["responses"]
    ]
    assert dom.decode().count("Payment Required") >= len(payment_required) > 0

"""`Keel`: the generated client with a credential, retries, typed errors, pagination and
run-event streams.

    keel = Keel("http://127.0.0.1:8080", token)        # an access token or an API key
    made = keel.call(agent_service_create_agent, body=...)   # the response model, or KeelError
    for agent in keel.iterate(agent_service_list_agents, page_size=50): ...
    for event in keel.run_events(run_id): ...

Every method has an async twin (`acall`, `aiterate`, `arun_events`, `aclose`). An endpoint
is one of the generated modules (`keel_client.generated.api.<service>.<operation>`) or its
`sync_detailed` / `asyncio_detailed` function.
"""

from __future__ import annotations

import types
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar, overload

import attrs
import httpx

from keel_client.errors import KeelError
from keel_client.events import RunEvent, SseDecoder
from keel_client.generated.client import AuthenticatedClient, Client
from keel_client.generated.models.google_rpc_status import GoogleRpcStatus
from keel_client.generated.types import Response, Unset
from keel_client.retry import AsyncRetryTransport, RetryPolicy, RetryTransport

T = TypeVar("T")
STREAM_ERRORS = (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout)


class Keel:
    """A client of the Keel API at `base_url`, as the holder of `token` (a user's access
    token or an organization's API key, `osk_…`; None for the public routes only)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.headers = dict(headers or {})
        sent = dict(self.headers)
        if token:
            sent["Authorization"] = f"Bearer {token}"
        common: dict[str, Any] = {
            "base_url": self.base_url, "headers": sent, "timeout": httpx.Timeout(timeout),
        }  # fmt: skip
        self.http = httpx.Client(transport=RetryTransport(self.retry), **common)
        self.async_http = httpx.AsyncClient(transport=AsyncRetryTransport(self.retry), **common)
        self.client: AuthenticatedClient | Client
        if token:
            self.client = AuthenticatedClient(base_url=self.base_url, token=token)
        else:
            self.client = Client(base_url=self.base_url)
        self.client.set_httpx_client(self.http)
        self.client.set_async_httpx_client(self.async_http)

    def with_token(self, token: str | None) -> Keel:
        """A new client of the same API and settings as the holder of `token`."""
        return Keel(
            self.base_url, token, retry=self.retry, timeout=self.timeout, headers=self.headers
        )

    # --- calls ----------------------------------------------------------------------

    @overload
    def call(self, endpoint: Callable[..., Response[T | GoogleRpcStatus]], /, **kw: Any) -> T: ...
    @overload
    def call(self, endpoint: types.ModuleType, /, **kw: Any) -> Any: ...
    def call(self, endpoint: Any, /, **kw: Any) -> Any:
        """Call a generated endpoint with this client: its response model, or KeelError."""
        function = getattr(endpoint, "sync_detailed", endpoint)
        return _result(function(client=self.client, **kw))

    @overload
    async def acall(
        self, endpoint: Callable[..., Awaitable[Response[T | GoogleRpcStatus]]], /, **kw: Any
    ) -> T: ...
    @overload
    async def acall(self, endpoint: types.ModuleType, /, **kw: Any) -> Any: ...
    async def acall(self, endpoint: Any, /, **kw: Any) -> Any:
        """`call`, awaited."""
        function = getattr(endpoint, "asyncio_detailed", endpoint)
        return _result(await function(client=self.client, **kw))

    # --- pagination -----------------------------------------------------------------

    def iterate(self, endpoint: Any, /, **kw: Any) -> Iterator[Any]:
        """Every item of a list endpoint, page after page: it follows `next_page_token`
        until a page has none. `kw` are the endpoint's arguments (`page_size`, filters)."""
        token = kw.pop("page_token", None)
        while True:
            page = self.call(endpoint, **kw, **({"page_token": token} if token else {}))
            yield from _items(page)
            token = _next_token(page)
            if not token:
                return

    async def aiterate(self, endpoint: Any, /, **kw: Any) -> AsyncIterator[Any]:
        """`iterate`, awaited."""
        token = kw.pop("page_token", None)
        while True:
            page = await self.acall(endpoint, **kw, **({"page_token": token} if token else {}))
            for item in _items(page):
                yield item
            token = _next_token(page)
            if not token:
                return

    # --- run events -----------------------------------------------------------------

    def run_events(self, run_id: str, *, after: int = 0, path: str = "") -> Iterator[RunEvent]:
        """A run's events from after `after` until the stream ends (after the run's last
        event). A stream cut short is resumed from the last event seen (`Last-Event-ID`),
        up to the retry policy's attempts. `path`: another event stream
        (`/v1/share/{share_id}/runs/{run_id}/events`)."""
        url = path or f"/v1/runs/{run_id}/events"
        last, cuts = str(after) if after else "", 0
        while True:
            headers = {"Last-Event-ID": last} if last else {}
            try:
                with self.http.stream("GET", url, headers=headers) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise _error(response)
                    decoder = SseDecoder()
                    for line in response.iter_lines():
                        frame = decoder.feed(line)
                        if frame is not None:
                            event = RunEvent.from_frame(frame)
                            last = event.id or last
                            yield event
                return
            except STREAM_ERRORS:
                cuts += 1
                if cuts >= self.retry.attempts:
                    raise

    async def arun_events(
        self, run_id: str, *, after: int = 0, path: str = ""
    ) -> AsyncIterator[RunEvent]:
        """`run_events`, awaited."""
        url = path or f"/v1/runs/{run_id}/events"
        last, cuts = str(after) if after else "", 0
        while True:
            headers = {"Last-Event-ID": last} if last else {}
            try:
                async with self.async_http.stream("GET", url, headers=headers) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise _error(response)
                    decoder = SseDecoder()
                    async for line in response.aiter_lines():
                        frame = decoder.feed(line)
                        if frame is not None:
                            event = RunEvent.from_frame(frame)
                            last = event.id or last
                            yield event
                return
            except STREAM_ERRORS:
                cuts += 1
                if cuts >= self.retry.attempts:
                    raise

    # --- lifetime -------------------------------------------------------------------

    def close(self) -> None:
        self.http.close()

    async def aclose(self) -> None:
        self.http.close()
        await self.async_http.aclose()

    def __enter__(self) -> Keel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Keel:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _result(response: Response[Any]) -> Any:
    if response.status_code >= 400 or isinstance(response.parsed, GoogleRpcStatus):
        raise KeelError.from_http(int(response.status_code), response.headers, response.content)
    return response.parsed


def _error(response: httpx.Response) -> KeelError:
    return KeelError.from_http(response.status_code, response.headers, response.content)


def _items(page: Any) -> list[Any]:
    """The repeated field of a list response (the one `list[...]` field)."""
    fields = [f for f in attrs.fields(type(page)) if str(f.type).startswith("list[")]
    if len(fields) != 1:
        names = [f.name for f in fields]
        raise TypeError(f"{type(page).__name__} is not a page of one list: {names}")
    items = getattr(page, fields[0].name)
    return [] if isinstance(items, Unset) else list(items)


def _next_token(page: Any) -> str:
    token = getattr(page, "next_page_token", None)
    return token if isinstance(token, str) else ""

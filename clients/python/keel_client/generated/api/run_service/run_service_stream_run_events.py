from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    run_id: UUID,
    *,
    after: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/runs/{run_id}/events".format(
            run_id=quote(str(run_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | str:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = GoogleRpcStatus.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = GoogleRpcStatus.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = GoogleRpcStatus.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = GoogleRpcStatus.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = GoogleRpcStatus.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = GoogleRpcStatus.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = GoogleRpcStatus.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = GoogleRpcStatus.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = GoogleRpcStatus.from_dict(response.json())

        return response_504

    response_default = GoogleRpcStatus.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GoogleRpcStatus | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | str]:
    """WatchRun as Server-Sent Events (`text/event-stream`), for REST clients: `id:` is the
    sequence number; resume with the `Last-Event-ID` header or `?after=`.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        run_id (UUID):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | str]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        after=after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
) -> GoogleRpcStatus | str | None:
    """WatchRun as Server-Sent Events (`text/event-stream`), for REST clients: `id:` is the
    sequence number; resume with the `Last-Event-ID` header or `?after=`.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        run_id (UUID):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | str
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
        after=after,
    ).parsed


async def asyncio_detailed(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | str]:
    """WatchRun as Server-Sent Events (`text/event-stream`), for REST clients: `id:` is the
    sequence number; resume with the `Last-Event-ID` header or `?after=`.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        run_id (UUID):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | str]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
) -> GoogleRpcStatus | str | None:
    """WatchRun as Server-Sent Events (`text/event-stream`), for REST clients: `id:` is the
    sequence number; resume with the `Last-Event-ID` header or `?after=`.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        run_id (UUID):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | str
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
            after=after,
        )
    ).parsed

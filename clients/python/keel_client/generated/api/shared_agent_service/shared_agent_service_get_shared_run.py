from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_get_shared_run_response import KeelAgentsV1GetSharedRunResponse
from ...types import UNSET, Response


def _get_kwargs(
    share_id: str,
    run_id: UUID,
    *,
    run_token: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["run_token"] = run_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/share/{share_id}/runs/{run_id}".format(
            share_id=quote(str(share_id), safe=""),
            run_id=quote(str(run_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1GetSharedRunResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = GoogleRpcStatus.from_dict(response.json())

        return response_400

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
) -> Response[GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    share_id: str,
    run_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    run_token: str,
) -> Response[GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse]:
    """A run started through the link, with its `run_token`.

    Args:
        share_id (str):
        run_id (UUID):
        run_token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse]
    """

    kwargs = _get_kwargs(
        share_id=share_id,
        run_id=run_id,
        run_token=run_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    share_id: str,
    run_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    run_token: str,
) -> GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse | None:
    """A run started through the link, with its `run_token`.

    Args:
        share_id (str):
        run_id (UUID):
        run_token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse
    """

    return sync_detailed(
        share_id=share_id,
        run_id=run_id,
        client=client,
        run_token=run_token,
    ).parsed


async def asyncio_detailed(
    share_id: str,
    run_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    run_token: str,
) -> Response[GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse]:
    """A run started through the link, with its `run_token`.

    Args:
        share_id (str):
        run_id (UUID):
        run_token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse]
    """

    kwargs = _get_kwargs(
        share_id=share_id,
        run_id=run_id,
        run_token=run_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    share_id: str,
    run_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    run_token: str,
) -> GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse | None:
    """A run started through the link, with its `run_token`.

    Args:
        share_id (str):
        run_id (UUID):
        run_token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1GetSharedRunResponse
    """

    return (
        await asyncio_detailed(
            share_id=share_id,
            run_id=run_id,
            client=client,
            run_token=run_token,
        )
    ).parsed

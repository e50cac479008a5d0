from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_start_shared_run_response import KeelAgentsV1StartSharedRunResponse
from ...models.shared_agent_service_start_shared_run_body import (
    SharedAgentServiceStartSharedRunBody,
)
from ...types import Response


def _get_kwargs(
    share_id: str,
    *,
    body: SharedAgentServiceStartSharedRunBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/share/{share_id}/runs".format(
            share_id=quote(str(share_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1StartSharedRunResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = GoogleRpcStatus.from_dict(response.json())

        return response_400

    if response.status_code == 402:
        response_402 = GoogleRpcStatus.from_dict(response.json())

        return response_402

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
) -> Response[GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    share_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SharedAgentServiceStartSharedRunBody,
) -> Response[GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse]:
    """Starts a run of the agent on a new thread, for the organization that owns the link
    (it pays). Answers the run and its `run_token`, the one key to the run's events.

    Args:
        share_id (str):
        body (SharedAgentServiceStartSharedRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse]
    """

    kwargs = _get_kwargs(
        share_id=share_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    share_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SharedAgentServiceStartSharedRunBody,
) -> GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse | None:
    """Starts a run of the agent on a new thread, for the organization that owns the link
    (it pays). Answers the run and its `run_token`, the one key to the run's events.

    Args:
        share_id (str):
        body (SharedAgentServiceStartSharedRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse
    """

    return sync_detailed(
        share_id=share_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    share_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SharedAgentServiceStartSharedRunBody,
) -> Response[GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse]:
    """Starts a run of the agent on a new thread, for the organization that owns the link
    (it pays). Answers the run and its `run_token`, the one key to the run's events.

    Args:
        share_id (str):
        body (SharedAgentServiceStartSharedRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse]
    """

    kwargs = _get_kwargs(
        share_id=share_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    share_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SharedAgentServiceStartSharedRunBody,
) -> GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse | None:
    """Starts a run of the agent on a new thread, for the organization that owns the link
    (it pays). Answers the run and its `run_token`, the one key to the run's events.

    Args:
        share_id (str):
        body (SharedAgentServiceStartSharedRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1StartSharedRunResponse
    """

    return (
        await asyncio_detailed(
            share_id=share_id,
            client=client,
            body=body,
        )
    ).parsed

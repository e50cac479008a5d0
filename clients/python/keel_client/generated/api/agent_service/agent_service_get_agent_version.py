from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_get_agent_version_response import KeelAgentsV1GetAgentVersionResponse
from ...types import Response


def _get_kwargs(
    agent_id: UUID,
    version: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/agents/{agent_id}/versions/{version}".format(
            agent_id=quote(str(agent_id), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1GetAgentVersionResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    agent_id: UUID,
    version: int,
    *,
    client: AuthenticatedClient,
) -> Response[GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse]:
    """One version of an agent.

    Args:
        agent_id (UUID):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: UUID,
    version: int,
    *,
    client: AuthenticatedClient,
) -> GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse | None:
    """One version of an agent.

    Args:
        agent_id (UUID):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse
    """

    return sync_detailed(
        agent_id=agent_id,
        version=version,
        client=client,
    ).parsed


async def asyncio_detailed(
    agent_id: UUID,
    version: int,
    *,
    client: AuthenticatedClient,
) -> Response[GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse]:
    """One version of an agent.

    Args:
        agent_id (UUID):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: UUID,
    version: int,
    *,
    client: AuthenticatedClient,
) -> GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse | None:
    """One version of an agent.

    Args:
        agent_id (UUID):
        version (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1GetAgentVersionResponse
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            version=version,
            client=client,
        )
    ).parsed

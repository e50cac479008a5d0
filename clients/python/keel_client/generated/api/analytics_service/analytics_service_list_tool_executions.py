from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.analytics_service_list_tool_executions_window_days_type_1 import (
    AnalyticsServiceListToolExecutionsWindowDaysType1,
)
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_list_tool_executions_response import (
    KeelAgentsV1ListToolExecutionsResponse,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    agent_id: UUID,
    *,
    window_days: AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset = UNSET,
    tool: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_window_days: int | Literal[0] | Unset
    if isinstance(window_days, Unset):
        json_window_days = UNSET
    elif isinstance(window_days, int):
        json_window_days = window_days
    else:
        json_window_days = window_days
    params["window_days"] = json_window_days

    params["tool"] = tool

    params["page_size"] = page_size

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/agents/{agent_id}/analytics/tool-executions".format(
            agent_id=quote(str(agent_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1ListToolExecutionsResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset = UNSET,
    tool: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse]:
    """The tool calls of the agent's ended runs the caller sees, newest first.

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset):
        tool (str | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        window_days=window_days,
        tool=tool,
        page_size=page_size,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset = UNSET,
    tool: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse | None:
    """The tool calls of the agent's ended runs the caller sees, newest first.

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset):
        tool (str | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse
    """

    return sync_detailed(
        agent_id=agent_id,
        client=client,
        window_days=window_days,
        tool=tool,
        page_size=page_size,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset = UNSET,
    tool: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse]:
    """The tool calls of the agent's ended runs the caller sees, newest first.

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset):
        tool (str | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        window_days=window_days,
        tool=tool,
        page_size=page_size,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset = UNSET,
    tool: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse | None:
    """The tool calls of the agent's ended runs the caller sees, newest first.

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceListToolExecutionsWindowDaysType1 | Literal[0] | Unset):
        tool (str | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1ListToolExecutionsResponse
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            client=client,
            window_days=window_days,
            tool=tool,
            page_size=page_size,
            page_token=page_token,
        )
    ).parsed

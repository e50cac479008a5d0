from http import HTTPStatus
from typing import Any, Literal
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.agent_service_list_agents_visibility import (
    AgentServiceListAgentsVisibility,
)
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_list_agents_response import KeelAgentsV1ListAgentsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    visibility: AgentServiceListAgentsVisibility | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_org_id: Literal[""] | str | Unset
    if isinstance(org_id, Unset):
        json_org_id = UNSET
    elif isinstance(org_id, UUID):
        json_org_id = str(org_id)
    else:
        json_org_id = org_id
    params["org_id"] = json_org_id

    json_creator_id: Literal[""] | str | Unset
    if isinstance(creator_id, Unset):
        json_creator_id = UNSET
    elif isinstance(creator_id, UUID):
        json_creator_id = str(creator_id)
    else:
        json_creator_id = creator_id
    params["creator_id"] = json_creator_id

    json_visibility: str | Unset = UNSET
    if not isinstance(visibility, Unset):
        json_visibility = visibility

    params["visibility"] = json_visibility

    params["page_size"] = page_size

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/agents",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1ListAgentsResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1ListAgentsResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelAgentsV1ListAgentsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    visibility: AgentServiceListAgentsVisibility | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1ListAgentsResponse]:
    """The agents of an organization the caller may see, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        visibility (AgentServiceListAgentsVisibility | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1ListAgentsResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        creator_id=creator_id,
        visibility=visibility,
        page_size=page_size,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    visibility: AgentServiceListAgentsVisibility | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1ListAgentsResponse | None:
    """The agents of an organization the caller may see, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        visibility (AgentServiceListAgentsVisibility | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1ListAgentsResponse
    """

    return sync_detailed(
        client=client,
        org_id=org_id,
        creator_id=creator_id,
        visibility=visibility,
        page_size=page_size,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    visibility: AgentServiceListAgentsVisibility | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1ListAgentsResponse]:
    """The agents of an organization the caller may see, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        visibility (AgentServiceListAgentsVisibility | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1ListAgentsResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        creator_id=creator_id,
        visibility=visibility,
        page_size=page_size,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    visibility: AgentServiceListAgentsVisibility | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1ListAgentsResponse | None:
    """The agents of an organization the caller may see, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        visibility (AgentServiceListAgentsVisibility | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1ListAgentsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            org_id=org_id,
            creator_id=creator_id,
            visibility=visibility,
            page_size=page_size,
            page_token=page_token,
        )
    ).parsed

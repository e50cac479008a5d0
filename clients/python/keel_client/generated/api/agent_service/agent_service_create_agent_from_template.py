from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.agent_service_create_agent_from_template_body import (
    AgentServiceCreateAgentFromTemplateBody,
)
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_create_agent_from_template_response import (
    KeelAgentsV1CreateAgentFromTemplateResponse,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    template_id: UUID,
    *,
    body: AgentServiceCreateAgentFromTemplateBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/agents/from-template/{template_id}".format(
            template_id=quote(str(template_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1CreateAgentFromTemplateResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = GoogleRpcStatus.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = GoogleRpcStatus.from_dict(response.json())

        return response_401

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
) -> Response[GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    template_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AgentServiceCreateAgentFromTemplateBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse]:
    """Creates an agent from a catalog template the caller sees in the organization: its
    latest version's config, with the template and version kept on the agent. As
    CreateAgent: `agents.create`, the plan's agent limit and models; the use is counted by
    catalog once per agent.

    Args:
        template_id (UUID):
        body (AgentServiceCreateAgentFromTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    template_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AgentServiceCreateAgentFromTemplateBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse | None:
    """Creates an agent from a catalog template the caller sees in the organization: its
    latest version's config, with the template and version kept on the agent. As
    CreateAgent: `agents.create`, the plan's agent limit and models; the use is counted by
    catalog once per agent.

    Args:
        template_id (UUID):
        body (AgentServiceCreateAgentFromTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse
    """

    return sync_detailed(
        template_id=template_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    template_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AgentServiceCreateAgentFromTemplateBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse]:
    """Creates an agent from a catalog template the caller sees in the organization: its
    latest version's config, with the template and version kept on the agent. As
    CreateAgent: `agents.create`, the plan's agent limit and models; the use is counted by
    catalog once per agent.

    Args:
        template_id (UUID):
        body (AgentServiceCreateAgentFromTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse]
    """

    kwargs = _get_kwargs(
        template_id=template_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    template_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AgentServiceCreateAgentFromTemplateBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse | None:
    """Creates an agent from a catalog template the caller sees in the organization: its
    latest version's config, with the template and version kept on the agent. As
    CreateAgent: `agents.create`, the plan's agent limit and models; the use is counted by
    catalog once per agent.

    Args:
        template_id (UUID):
        body (AgentServiceCreateAgentFromTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1CreateAgentFromTemplateResponse
    """

    return (
        await asyncio_detailed(
            template_id=template_id,
            client=client,
            body=body,
        )
    ).parsed

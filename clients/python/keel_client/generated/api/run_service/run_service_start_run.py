from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_start_run_response import KeelAgentsV1StartRunResponse
from ...models.run_service_start_run_body import RunServiceStartRunBody
from ...types import Response


def _get_kwargs(
    agent_id: UUID,
    *,
    body: RunServiceStartRunBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/agents/{agent_id}/runs".format(
            agent_id=quote(str(agent_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1StartRunResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1StartRunResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelAgentsV1StartRunResponse]:
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
    body: RunServiceStartRunBody,
) -> Response[GoogleRpcStatus | KeelAgentsV1StartRunResponse]:
    """Starts a run and answers at once with it queued. In order: the caller's right to
    run, the agent, the plan's runs (billing's monthly limit and hourly rate), the plan's
    models for the agent's quality level or model (CheckAIAccess), a hold on credits for
    the estimate (or `budget_credits`), then the durable enqueue, all or nothing.

    Args:
        agent_id (UUID):
        body (RunServiceStartRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1StartRunResponse]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RunServiceStartRunBody,
) -> GoogleRpcStatus | KeelAgentsV1StartRunResponse | None:
    """Starts a run and answers at once with it queued. In order: the caller's right to
    run, the agent, the plan's runs (billing's monthly limit and hourly rate), the plan's
    models for the agent's quality level or model (CheckAIAccess), a hold on credits for
    the estimate (or `budget_credits`), then the durable enqueue, all or nothing.

    Args:
        agent_id (UUID):
        body (RunServiceStartRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1StartRunResponse
    """

    return sync_detailed(
        agent_id=agent_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RunServiceStartRunBody,
) -> Response[GoogleRpcStatus | KeelAgentsV1StartRunResponse]:
    """Starts a run and answers at once with it queued. In order: the caller's right to
    run, the agent, the plan's runs (billing's monthly limit and hourly rate), the plan's
    models for the agent's quality level or model (CheckAIAccess), a hold on credits for
    the estimate (or `budget_credits`), then the durable enqueue, all or nothing.

    Args:
        agent_id (UUID):
        body (RunServiceStartRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1StartRunResponse]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RunServiceStartRunBody,
) -> GoogleRpcStatus | KeelAgentsV1StartRunResponse | None:
    """Starts a run and answers at once with it queued. In order: the caller's right to
    run, the agent, the plan's runs (billing's monthly limit and hourly rate), the plan's
    models for the agent's quality level or model (CheckAIAccess), a hold on credits for
    the estimate (or `budget_credits`), then the durable enqueue, all or nothing.

    Args:
        agent_id (UUID):
        body (RunServiceStartRunBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1StartRunResponse
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            client=client,
            body=body,
        )
    ).parsed

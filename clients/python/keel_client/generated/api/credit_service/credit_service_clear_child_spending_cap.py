from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_billing_v1_clear_child_spending_cap_response import (
    KeelBillingV1ClearChildSpendingCapResponse,
)
from ...types import Response


def _get_kwargs(
    org_id: UUID,
    child_org_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/organizations/{org_id}/billing/children/{child_org_id}/cap".format(
            org_id=quote(str(org_id), safe=""),
            child_org_id=quote(str(child_org_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse:
    if response.status_code == 200:
        response_200 = KeelBillingV1ClearChildSpendingCapResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_id: UUID,
    child_org_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse]:
    """Clears a sub-organization's cap (`billing.manage` on the parent): it may spend the
    whole pool. Clearing a cap that is not set changes nothing.

    Args:
        org_id (UUID):
        child_org_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        child_org_id=child_org_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: UUID,
    child_org_id: UUID,
    *,
    client: AuthenticatedClient,
) -> GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse | None:
    """Clears a sub-organization's cap (`billing.manage` on the parent): it may spend the
    whole pool. Clearing a cap that is not set changes nothing.

    Args:
        org_id (UUID):
        child_org_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse
    """

    return sync_detailed(
        org_id=org_id,
        child_org_id=child_org_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    child_org_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse]:
    """Clears a sub-organization's cap (`billing.manage` on the parent): it may spend the
    whole pool. Clearing a cap that is not set changes nothing.

    Args:
        org_id (UUID):
        child_org_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        child_org_id=child_org_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    child_org_id: UUID,
    *,
    client: AuthenticatedClient,
) -> GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse | None:
    """Clears a sub-organization's cap (`billing.manage` on the parent): it may spend the
    whole pool. Clearing a cap that is not set changes nothing.

    Args:
        org_id (UUID):
        child_org_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ClearChildSpendingCapResponse
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            child_org_id=child_org_id,
            client=client,
        )
    ).parsed

from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_billing_v1_list_child_spending_response import (
    KeelBillingV1ListChildSpendingResponse,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_id: UUID,
    *,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page_size"] = page_size

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/organizations/{org_id}/billing/children".format(
            org_id=quote(str(org_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse:
    if response.status_code == 200:
        response_200 = KeelBillingV1ListChildSpendingResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse]:
    """The organization's direct sub-organizations with their caps and what each spent this
    UTC month (permission `billing.view` on the parent). A sub-organization's own members
    see its own cap and spending in its balance (`Balance.sub_organization`).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        page_size=page_size,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse | None:
    """The organization's direct sub-organizations with their caps and what each spent this
    UTC month (permission `billing.view` on the parent). A sub-organization's own members
    see its own cap and spending in its balance (`Balance.sub_organization`).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse
    """

    return sync_detailed(
        org_id=org_id,
        client=client,
        page_size=page_size,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse]:
    """The organization's direct sub-organizations with their caps and what each spent this
    UTC month (permission `billing.view` on the parent). A sub-organization's own members
    see its own cap and spending in its balance (`Balance.sub_organization`).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        page_size=page_size,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse | None:
    """The organization's direct sub-organizations with their caps and what each spent this
    UTC month (permission `billing.view` on the parent). A sub-organization's own members
    see its own cap and spending in its balance (`Balance.sub_organization`).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ListChildSpendingResponse
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            client=client,
            page_size=page_size,
            page_token=page_token,
        )
    ).parsed

import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.credit_service_list_transactions_types_item import (
    CreditServiceListTransactionsTypesItem,
)
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_billing_v1_list_transactions_response import (
    KeelBillingV1ListTransactionsResponse,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_id: UUID,
    *,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    types: list[CreditServiceListTransactionsTypesItem] | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page_size"] = page_size

    params["page_token"] = page_token

    json_types: list[str] | Unset = UNSET
    if not isinstance(types, Unset):
        json_types = []
        for types_item_data in types:
            types_item: str = types_item_data
            json_types.append(types_item)

    params["types"] = json_types

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/organizations/{org_id}/credits/transactions".format(
            org_id=quote(str(org_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelBillingV1ListTransactionsResponse:
    if response.status_code == 200:
        response_200 = KeelBillingV1ListTransactionsResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelBillingV1ListTransactionsResponse]:
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
    types: list[CreditServiceListTransactionsTypesItem] | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelBillingV1ListTransactionsResponse]:
    """The ledger, newest first (members and above).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):
        types (list[CreditServiceListTransactionsTypesItem] | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ListTransactionsResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        page_size=page_size,
        page_token=page_token,
        types=types,
        since=since,
        until=until,
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
    types: list[CreditServiceListTransactionsTypesItem] | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> GoogleRpcStatus | KeelBillingV1ListTransactionsResponse | None:
    """The ledger, newest first (members and above).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):
        types (list[CreditServiceListTransactionsTypesItem] | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ListTransactionsResponse
    """

    return sync_detailed(
        org_id=org_id,
        client=client,
        page_size=page_size,
        page_token=page_token,
        types=types,
        since=since,
        until=until,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    types: list[CreditServiceListTransactionsTypesItem] | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelBillingV1ListTransactionsResponse]:
    """The ledger, newest first (members and above).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):
        types (list[CreditServiceListTransactionsTypesItem] | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ListTransactionsResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        page_size=page_size,
        page_token=page_token,
        types=types,
        since=since,
        until=until,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    types: list[CreditServiceListTransactionsTypesItem] | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> GoogleRpcStatus | KeelBillingV1ListTransactionsResponse | None:
    """The ledger, newest first (members and above).

    Args:
        org_id (UUID):
        page_size (int | Unset):
        page_token (str | Unset):
        types (list[CreditServiceListTransactionsTypesItem] | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ListTransactionsResponse
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            client=client,
            page_size=page_size,
            page_token=page_token,
            types=types,
            since=since,
            until=until,
        )
    ).parsed

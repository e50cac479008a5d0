from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.usage_service_export_usage_rows import (
    UsageServiceExportUsageRows,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_id: UUID,
    *,
    days: int | Unset = UNSET,
    rows: UsageServiceExportUsageRows | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["days"] = days

    json_rows: str | Unset = UNSET
    if not isinstance(rows, Unset):
        json_rows = rows

    params["rows"] = json_rows

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/organizations/{org_id}/usage/export".format(
            org_id=quote(str(org_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | str:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[GoogleRpcStatus | str]:
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
    days: int | Unset = UNSET,
    rows: UsageServiceExportUsageRows | Unset = UNSET,
) -> Response[GoogleRpcStatus | str]:
    """The usage as CSV with a header line (`text/csv`), streamed: one line per UTC day of
    the last `days` (the dashboard's timeline), or one per agent with runs in them
    (`usage.export`: members and above).
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        org_id (UUID):
        days (int | Unset):
        rows (UsageServiceExportUsageRows | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | str]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        days=days,
        rows=rows,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    rows: UsageServiceExportUsageRows | Unset = UNSET,
) -> GoogleRpcStatus | str | None:
    """The usage as CSV with a header line (`text/csv`), streamed: one line per UTC day of
    the last `days` (the dashboard's timeline), or one per agent with runs in them
    (`usage.export`: members and above).
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        org_id (UUID):
        days (int | Unset):
        rows (UsageServiceExportUsageRows | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | str
    """

    return sync_detailed(
        org_id=org_id,
        client=client,
        days=days,
        rows=rows,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    rows: UsageServiceExportUsageRows | Unset = UNSET,
) -> Response[GoogleRpcStatus | str]:
    """The usage as CSV with a header line (`text/csv`), streamed: one line per UTC day of
    the last `days` (the dashboard's timeline), or one per agent with runs in them
    (`usage.export`: members and above).
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        org_id (UUID):
        days (int | Unset):
        rows (UsageServiceExportUsageRows | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | str]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        days=days,
        rows=rows,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    rows: UsageServiceExportUsageRows | Unset = UNSET,
) -> GoogleRpcStatus | str | None:
    """The usage as CSV with a header line (`text/csv`), streamed: one line per UTC day of
    the last `days` (the dashboard's timeline), or one per agent with runs in them
    (`usage.export`: members and above).
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        org_id (UUID):
        days (int | Unset):
        rows (UsageServiceExportUsageRows | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | str
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            client=client,
            days=days,
            rows=rows,
        )
    ).parsed

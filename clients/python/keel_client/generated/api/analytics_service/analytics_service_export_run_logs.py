from http import HTTPStatus
from typing import Any, Literal, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.analytics_service_export_run_logs_format import (
    AnalyticsServiceExportRunLogsFormat,
)
from ...models.analytics_service_export_run_logs_window_days_type_1 import (
    AnalyticsServiceExportRunLogsWindowDaysType1,
)
from ...models.google_rpc_status import GoogleRpcStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    agent_id: UUID,
    *,
    window_days: AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset = UNSET,
    format_: AnalyticsServiceExportRunLogsFormat | Unset = UNSET,
    max_runs: int | Unset = UNSET,
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

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    params["max_runs"] = max_runs

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/agents/{agent_id}/analytics/logs/export".format(
            agent_id=quote(str(agent_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | str:
    if response.status_code == 200:
        response_200 = cast(str, response.json())
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
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset = UNSET,
    format_: AnalyticsServiceExportRunLogsFormat | Unset = UNSET,
    max_runs: int | Unset = UNSET,
) -> Response[GoogleRpcStatus | str]:
    """The runs the caller sees that were started in the window, newest first, as one JSON
    array (`application/json`) or CSV with a header line (`text/csv`), streamed; at
    most `max_runs`, input and output cut to 2,000 characters.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset):
        format_ (AnalyticsServiceExportRunLogsFormat | Unset):
        max_runs (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | str]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        window_days=window_days,
        format_=format_,
        max_runs=max_runs,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset = UNSET,
    format_: AnalyticsServiceExportRunLogsFormat | Unset = UNSET,
    max_runs: int | Unset = UNSET,
) -> GoogleRpcStatus | str | None:
    """The runs the caller sees that were started in the window, newest first, as one JSON
    array (`application/json`) or CSV with a header line (`text/csv`), streamed; at
    most `max_runs`, input and output cut to 2,000 characters.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset):
        format_ (AnalyticsServiceExportRunLogsFormat | Unset):
        max_runs (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | str
    """

    return sync_detailed(
        agent_id=agent_id,
        client=client,
        window_days=window_days,
        format_=format_,
        max_runs=max_runs,
    ).parsed


async def asyncio_detailed(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset = UNSET,
    format_: AnalyticsServiceExportRunLogsFormat | Unset = UNSET,
    max_runs: int | Unset = UNSET,
) -> Response[GoogleRpcStatus | str]:
    """The runs the caller sees that were started in the window, newest first, as one JSON
    array (`application/json`) or CSV with a header line (`text/csv`), streamed; at
    most `max_runs`, input and output cut to 2,000 characters.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset):
        format_ (AnalyticsServiceExportRunLogsFormat | Unset):
        max_runs (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | str]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        window_days=window_days,
        format_=format_,
        max_runs=max_runs,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: UUID,
    *,
    client: AuthenticatedClient,
    window_days: AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset = UNSET,
    format_: AnalyticsServiceExportRunLogsFormat | Unset = UNSET,
    max_runs: int | Unset = UNSET,
) -> GoogleRpcStatus | str | None:
    """The runs the caller sees that were started in the window, newest first, as one JSON
    array (`application/json`) or CSV with a header line (`text/csv`), streamed; at
    most `max_runs`, input and output cut to 2,000 characters.
    buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
    buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE

    Args:
        agent_id (UUID):
        window_days (AnalyticsServiceExportRunLogsWindowDaysType1 | Literal[0] | Unset):
        format_ (AnalyticsServiceExportRunLogsFormat | Unset):
        max_runs (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | str
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            client=client,
            window_days=window_days,
            format_=format_,
            max_runs=max_runs,
        )
    ).parsed

from http import HTTPStatus
from typing import Any, Literal
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_catalog_v1_list_submissions_response import KeelCatalogV1ListSubmissionsResponse
from ...models.submission_service_list_submissions_state import (
    SubmissionServiceListSubmissionsState,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    org_id: Literal[""] | Unset | UUID = UNSET,
    state: SubmissionServiceListSubmissionsState | Unset = UNSET,
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

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state

    params["state"] = json_state

    params["page_size"] = page_size

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/template-submissions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse:
    if response.status_code == 200:
        response_200 = KeelCatalogV1ListSubmissionsResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse]:
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
    state: SubmissionServiceListSubmissionsState | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse]:
    """The caller's own submissions in an organization, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        state (SubmissionServiceListSubmissionsState | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        state=state,
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
    state: SubmissionServiceListSubmissionsState | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse | None:
    """The caller's own submissions in an organization, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        state (SubmissionServiceListSubmissionsState | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse
    """

    return sync_detailed(
        client=client,
        org_id=org_id,
        state=state,
        page_size=page_size,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    org_id: Literal[""] | Unset | UUID = UNSET,
    state: SubmissionServiceListSubmissionsState | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse]:
    """The caller's own submissions in an organization, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        state (SubmissionServiceListSubmissionsState | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        state=state,
        page_size=page_size,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    org_id: Literal[""] | Unset | UUID = UNSET,
    state: SubmissionServiceListSubmissionsState | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse | None:
    """The caller's own submissions in an organization, newest first.

    Args:
        org_id (Literal[''] | Unset | UUID):
        state (SubmissionServiceListSubmissionsState | Unset):
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1ListSubmissionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            org_id=org_id,
            state=state,
            page_size=page_size,
            page_token=page_token,
        )
    ).parsed

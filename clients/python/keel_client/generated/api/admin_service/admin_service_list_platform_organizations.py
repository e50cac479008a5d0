from http import HTTPStatus
from typing import Any, Literal
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_identity_v1_list_platform_organizations_response import (
    KeelIdentityV1ListPlatformOrganizationsResponse,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    query: str | Unset = UNSET,
    plan_tier: str | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
    parent_org_id: Literal[""] | Unset | UUID = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page_size"] = page_size

    params["page_token"] = page_token

    params["query"] = query

    params["plan_tier"] = plan_tier

    params["include_deleted"] = include_deleted

    json_parent_org_id: Literal[""] | str | Unset
    if isinstance(parent_org_id, Unset):
        json_parent_org_id = UNSET
    elif isinstance(parent_org_id, UUID):
        json_parent_org_id = str(parent_org_id)
    else:
        json_parent_org_id = parent_org_id
    params["parent_org_id"] = json_parent_org_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/platform/organizations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse:
    if response.status_code == 200:
        response_200 = KeelIdentityV1ListPlatformOrganizationsResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    query: str | Unset = UNSET,
    plan_tier: str | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
    parent_org_id: Literal[""] | Unset | UUID = UNSET,
) -> Response[GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse]:
    """
    Args:
        page_size (int | Unset):
        page_token (str | Unset):
        query (str | Unset):
        plan_tier (str | Unset):
        include_deleted (bool | Unset):
        parent_org_id (Literal[''] | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse]
    """

    kwargs = _get_kwargs(
        page_size=page_size,
        page_token=page_token,
        query=query,
        plan_tier=plan_tier,
        include_deleted=include_deleted,
        parent_org_id=parent_org_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    query: str | Unset = UNSET,
    plan_tier: str | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
    parent_org_id: Literal[""] | Unset | UUID = UNSET,
) -> GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse | None:
    """
    Args:
        page_size (int | Unset):
        page_token (str | Unset):
        query (str | Unset):
        plan_tier (str | Unset):
        include_deleted (bool | Unset):
        parent_org_id (Literal[''] | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse
    """

    return sync_detailed(
        client=client,
        page_size=page_size,
        page_token=page_token,
        query=query,
        plan_tier=plan_tier,
        include_deleted=include_deleted,
        parent_org_id=parent_org_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    query: str | Unset = UNSET,
    plan_tier: str | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
    parent_org_id: Literal[""] | Unset | UUID = UNSET,
) -> Response[GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse]:
    """
    Args:
        page_size (int | Unset):
        page_token (str | Unset):
        query (str | Unset):
        plan_tier (str | Unset):
        include_deleted (bool | Unset):
        parent_org_id (Literal[''] | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse]
    """

    kwargs = _get_kwargs(
        page_size=page_size,
        page_token=page_token,
        query=query,
        plan_tier=plan_tier,
        include_deleted=include_deleted,
        parent_org_id=parent_org_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    query: str | Unset = UNSET,
    plan_tier: str | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
    parent_org_id: Literal[""] | Unset | UUID = UNSET,
) -> GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse | None:
    """
    Args:
        page_size (int | Unset):
        page_token (str | Unset):
        query (str | Unset):
        plan_tier (str | Unset):
        include_deleted (bool | Unset):
        parent_org_id (Literal[''] | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelIdentityV1ListPlatformOrganizationsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            page_size=page_size,
            page_token=page_token,
            query=query,
            plan_tier=plan_tier,
            include_deleted=include_deleted,
            parent_org_id=parent_org_id,
        )
    ).parsed

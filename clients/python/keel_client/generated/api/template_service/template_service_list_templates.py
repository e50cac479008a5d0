from http import HTTPStatus
from typing import Any, Literal
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_catalog_v1_list_templates_response import KeelCatalogV1ListTemplatesResponse
from ...models.template_service_list_templates_sort import (
    TemplateServiceListTemplatesSort,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    query: str | Unset = UNSET,
    category: Literal[""] | str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    official: bool | Unset = UNSET,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    sort: TemplateServiceListTemplatesSort | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    include_facets: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["query"] = query

    json_category: Literal[""] | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    else:
        json_category = category
    params["category"] = json_category

    json_tags: list[str] | Unset = UNSET
    if not isinstance(tags, Unset):
        json_tags = tags

    params["tags"] = json_tags

    params["official"] = official

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

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params["page_size"] = page_size

    params["page_token"] = page_token

    params["include_facets"] = include_facets

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/templates",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse:
    if response.status_code == 200:
        response_200 = KeelCatalogV1ListTemplatesResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = GoogleRpcStatus.from_dict(response.json())

        return response_400

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
) -> Response[GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    query: str | Unset = UNSET,
    category: Literal[""] | str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    official: bool | Unset = UNSET,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    sort: TemplateServiceListTemplatesSort | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    include_facets: bool | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse]:
    """Searches and browses the templates the caller may see, with facet counts when asked.
    Public.

    Args:
        query (str | Unset):
        category (Literal[''] | str | Unset):
        tags (list[str] | Unset):
        official (bool | Unset):
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        sort (TemplateServiceListTemplatesSort | Unset):
        page_size (int | Unset):
        page_token (str | Unset):
        include_facets (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse]
    """

    kwargs = _get_kwargs(
        query=query,
        category=category,
        tags=tags,
        official=official,
        org_id=org_id,
        creator_id=creator_id,
        sort=sort,
        page_size=page_size,
        page_token=page_token,
        include_facets=include_facets,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    query: str | Unset = UNSET,
    category: Literal[""] | str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    official: bool | Unset = UNSET,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    sort: TemplateServiceListTemplatesSort | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    include_facets: bool | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse | None:
    """Searches and browses the templates the caller may see, with facet counts when asked.
    Public.

    Args:
        query (str | Unset):
        category (Literal[''] | str | Unset):
        tags (list[str] | Unset):
        official (bool | Unset):
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        sort (TemplateServiceListTemplatesSort | Unset):
        page_size (int | Unset):
        page_token (str | Unset):
        include_facets (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse
    """

    return sync_detailed(
        client=client,
        query=query,
        category=category,
        tags=tags,
        official=official,
        org_id=org_id,
        creator_id=creator_id,
        sort=sort,
        page_size=page_size,
        page_token=page_token,
        include_facets=include_facets,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    query: str | Unset = UNSET,
    category: Literal[""] | str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    official: bool | Unset = UNSET,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    sort: TemplateServiceListTemplatesSort | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    include_facets: bool | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse]:
    """Searches and browses the templates the caller may see, with facet counts when asked.
    Public.

    Args:
        query (str | Unset):
        category (Literal[''] | str | Unset):
        tags (list[str] | Unset):
        official (bool | Unset):
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        sort (TemplateServiceListTemplatesSort | Unset):
        page_size (int | Unset):
        page_token (str | Unset):
        include_facets (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse]
    """

    kwargs = _get_kwargs(
        query=query,
        category=category,
        tags=tags,
        official=official,
        org_id=org_id,
        creator_id=creator_id,
        sort=sort,
        page_size=page_size,
        page_token=page_token,
        include_facets=include_facets,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    query: str | Unset = UNSET,
    category: Literal[""] | str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    official: bool | Unset = UNSET,
    org_id: Literal[""] | Unset | UUID = UNSET,
    creator_id: Literal[""] | Unset | UUID = UNSET,
    sort: TemplateServiceListTemplatesSort | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    include_facets: bool | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse | None:
    """Searches and browses the templates the caller may see, with facet counts when asked.
    Public.

    Args:
        query (str | Unset):
        category (Literal[''] | str | Unset):
        tags (list[str] | Unset):
        official (bool | Unset):
        org_id (Literal[''] | Unset | UUID):
        creator_id (Literal[''] | Unset | UUID):
        sort (TemplateServiceListTemplatesSort | Unset):
        page_size (int | Unset):
        page_token (str | Unset):
        include_facets (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1ListTemplatesResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            query=query,
            category=category,
            tags=tags,
            official=official,
            org_id=org_id,
            creator_id=creator_id,
            sort=sort,
            page_size=page_size,
            page_token=page_token,
            include_facets=include_facets,
        )
    ).parsed

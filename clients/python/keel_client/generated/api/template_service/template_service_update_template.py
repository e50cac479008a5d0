from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_catalog_v1_update_template_response import KeelCatalogV1UpdateTemplateResponse
from ...models.template_service_update_template_body import TemplateServiceUpdateTemplateBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    template_id: UUID,
    *,
    body: TemplateServiceUpdateTemplateBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/templates/{template_id}".format(
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
) -> GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse:
    if response.status_code == 200:
        response_200 = KeelCatalogV1UpdateTemplateResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse]:
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
    body: TemplateServiceUpdateTemplateBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse]:
    """Changes a template; a changed config publishes a new version. Official templates:
    platform administrators; others: their creator (`templates.submit`) or an admin of
    the organization (`agents.manage_all`).

    Args:
        template_id (UUID):
        body (TemplateServiceUpdateTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse]
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
    body: TemplateServiceUpdateTemplateBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse | None:
    """Changes a template; a changed config publishes a new version. Official templates:
    platform administrators; others: their creator (`templates.submit`) or an admin of
    the organization (`agents.manage_all`).

    Args:
        template_id (UUID):
        body (TemplateServiceUpdateTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse
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
    body: TemplateServiceUpdateTemplateBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse]:
    """Changes a template; a changed config publishes a new version. Official templates:
    platform administrators; others: their creator (`templates.submit`) or an admin of
    the organization (`agents.manage_all`).

    Args:
        template_id (UUID):
        body (TemplateServiceUpdateTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse]
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
    body: TemplateServiceUpdateTemplateBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse | None:
    """Changes a template; a changed config publishes a new version. Official templates:
    platform administrators; others: their creator (`templates.submit`) or an admin of
    the organization (`agents.manage_all`).

    Args:
        template_id (UUID):
        body (TemplateServiceUpdateTemplateBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1UpdateTemplateResponse
    """

    return (
        await asyncio_detailed(
            template_id=template_id,
            client=client,
            body=body,
        )
    ).parsed

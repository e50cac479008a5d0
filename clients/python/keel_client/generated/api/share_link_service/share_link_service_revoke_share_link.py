from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_agents_v1_revoke_share_link_response import KeelAgentsV1RevokeShareLinkResponse
from ...models.share_link_service_revoke_share_link_body import ShareLinkServiceRevokeShareLinkBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    share_id: str,
    *,
    body: ShareLinkServiceRevokeShareLinkBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/share-links/{share_id}:revoke".format(
            share_id=quote(str(share_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse:
    if response.status_code == 200:
        response_200 = KeelAgentsV1RevokeShareLinkResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    share_id: str,
    *,
    client: AuthenticatedClient,
    body: ShareLinkServiceRevokeShareLinkBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse]:
    """Ends a link for good; it stays listed, as revoked. Revoking again answers it as it is.

    Args:
        share_id (str):
        body (ShareLinkServiceRevokeShareLinkBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse]
    """

    kwargs = _get_kwargs(
        share_id=share_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    share_id: str,
    *,
    client: AuthenticatedClient,
    body: ShareLinkServiceRevokeShareLinkBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse | None:
    """Ends a link for good; it stays listed, as revoked. Revoking again answers it as it is.

    Args:
        share_id (str):
        body (ShareLinkServiceRevokeShareLinkBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse
    """

    return sync_detailed(
        share_id=share_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    share_id: str,
    *,
    client: AuthenticatedClient,
    body: ShareLinkServiceRevokeShareLinkBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse]:
    """Ends a link for good; it stays listed, as revoked. Revoking again answers it as it is.

    Args:
        share_id (str):
        body (ShareLinkServiceRevokeShareLinkBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse]
    """

    kwargs = _get_kwargs(
        share_id=share_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    share_id: str,
    *,
    client: AuthenticatedClient,
    body: ShareLinkServiceRevokeShareLinkBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse | None:
    """Ends a link for good; it stays listed, as revoked. Revoking again answers it as it is.

    Args:
        share_id (str):
        body (ShareLinkServiceRevokeShareLinkBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelAgentsV1RevokeShareLinkResponse
    """

    return (
        await asyncio_detailed(
            share_id=share_id,
            client=client,
            body=body,
        )
    ).parsed

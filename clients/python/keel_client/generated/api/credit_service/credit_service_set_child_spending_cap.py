from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.credit_service_set_child_spending_cap_body import (
    CreditServiceSetChildSpendingCapBody,
)
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_billing_v1_set_child_spending_cap_response import (
    KeelBillingV1SetChildSpendingCapResponse,
)
from ...types import Response


def _get_kwargs(
    org_id: UUID,
    child_org_id: UUID,
    *,
    body: CreditServiceSetChildSpendingCapBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/organizations/{org_id}/billing/children/{child_org_id}/cap".format(
            org_id=quote(str(org_id), safe=""),
            child_org_id=quote(str(child_org_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse:
    if response.status_code == 200:
        response_200 = KeelBillingV1SetChildSpendingCapResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse]:
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
    body: CreditServiceSetChildSpendingCapBody,
) -> Response[GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse]:
    """Sets or changes the monthly cap on one of the organization's direct sub-organizations
    (permission `billing.manage` on the parent: its owners). A sub-organization spends its
    pool, its top-level ancestor's credits; with a cap, a hold that would take what it
    spent this UTC month (charges and open holds) past the cap is refused with
    RESOURCE_EXHAUSTED (CHILD_SPENDING_CAP_EXCEEDED). A cap below what is spent already
    stops new holds; holds made before still settle. NOT_FOUND for an organization that is
    not the parent's direct child. Published as `child_spending_cap.changed`.

    Args:
        org_id (UUID):
        child_org_id (UUID):
        body (CreditServiceSetChildSpendingCapBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        child_org_id=child_org_id,
        body=body,
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
    body: CreditServiceSetChildSpendingCapBody,
) -> GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse | None:
    """Sets or changes the monthly cap on one of the organization's direct sub-organizations
    (permission `billing.manage` on the parent: its owners). A sub-organization spends its
    pool, its top-level ancestor's credits; with a cap, a hold that would take what it
    spent this UTC month (charges and open holds) past the cap is refused with
    RESOURCE_EXHAUSTED (CHILD_SPENDING_CAP_EXCEEDED). A cap below what is spent already
    stops new holds; holds made before still settle. NOT_FOUND for an organization that is
    not the parent's direct child. Published as `child_spending_cap.changed`.

    Args:
        org_id (UUID):
        child_org_id (UUID):
        body (CreditServiceSetChildSpendingCapBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse
    """

    return sync_detailed(
        org_id=org_id,
        child_org_id=child_org_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    child_org_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreditServiceSetChildSpendingCapBody,
) -> Response[GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse]:
    """Sets or changes the monthly cap on one of the organization's direct sub-organizations
    (permission `billing.manage` on the parent: its owners). A sub-organization spends its
    pool, its top-level ancestor's credits; with a cap, a hold that would take what it
    spent this UTC month (charges and open holds) past the cap is refused with
    RESOURCE_EXHAUSTED (CHILD_SPENDING_CAP_EXCEEDED). A cap below what is spent already
    stops new holds; holds made before still settle. NOT_FOUND for an organization that is
    not the parent's direct child. Published as `child_spending_cap.changed`.

    Args:
        org_id (UUID):
        child_org_id (UUID):
        body (CreditServiceSetChildSpendingCapBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        child_org_id=child_org_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    child_org_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreditServiceSetChildSpendingCapBody,
) -> GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse | None:
    """Sets or changes the monthly cap on one of the organization's direct sub-organizations
    (permission `billing.manage` on the parent: its owners). A sub-organization spends its
    pool, its top-level ancestor's credits; with a cap, a hold that would take what it
    spent this UTC month (charges and open holds) past the cap is refused with
    RESOURCE_EXHAUSTED (CHILD_SPENDING_CAP_EXCEEDED). A cap below what is spent already
    stops new holds; holds made before still settle. NOT_FOUND for an organization that is
    not the parent's direct child. Published as `child_spending_cap.changed`.

    Args:
        org_id (UUID):
        child_org_id (UUID):
        body (CreditServiceSetChildSpendingCapBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1SetChildSpendingCapResponse
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            child_org_id=child_org_id,
            client=client,
            body=body,
        )
    ).parsed

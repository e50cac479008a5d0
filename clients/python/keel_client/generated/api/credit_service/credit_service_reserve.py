from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.credit_service_reserve_body import CreditServiceReserveBody
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_billing_v1_reserve_response import KeelBillingV1ReserveResponse
from ...types import Response


def _get_kwargs(
    org_id: UUID,
    *,
    body: CreditServiceReserveBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/organizations/{org_id}/credits/reservations".format(
            org_id=quote(str(org_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelBillingV1ReserveResponse:
    if response.status_code == 200:
        response_200 = KeelBillingV1ReserveResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = GoogleRpcStatus.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = GoogleRpcStatus.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = GoogleRpcStatus.from_dict(response.json())

        return response_402

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
) -> Response[GoogleRpcStatus | KeelBillingV1ReserveResponse]:
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
    body: CreditServiceReserveBody,
) -> Response[GoogleRpcStatus | KeelBillingV1ReserveResponse]:
    """Holds credits for work about to start (permission `agents.run`). Refused with
    FAILED_PRECONDITION (INSUFFICIENT_CREDITS, with the shortfall) when the spendable
    balance (available and the overdraft, the rule CheckAIAccess applies) does not cover
    the amount, and with RESOURCE_EXHAUSTED (OPEN_HOLDS_LIMIT_EXCEEDED, QuotaFailure) when
    the organization already has the most holds open it may have. A sub-organization's
    hold is on its pool (its top-level ancestor's credits), refused with RESOURCE_EXHAUSTED
    (CHILD_SPENDING_CAP_EXCEEDED: metadata cap, spent, requested, child_org_id,
    parent_org_id) when it would take the child's spending this UTC month past its cap.

    Args:
        org_id (UUID):
        body (CreditServiceReserveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ReserveResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreditServiceReserveBody,
) -> GoogleRpcStatus | KeelBillingV1ReserveResponse | None:
    """Holds credits for work about to start (permission `agents.run`). Refused with
    FAILED_PRECONDITION (INSUFFICIENT_CREDITS, with the shortfall) when the spendable
    balance (available and the overdraft, the rule CheckAIAccess applies) does not cover
    the amount, and with RESOURCE_EXHAUSTED (OPEN_HOLDS_LIMIT_EXCEEDED, QuotaFailure) when
    the organization already has the most holds open it may have. A sub-organization's
    hold is on its pool (its top-level ancestor's credits), refused with RESOURCE_EXHAUSTED
    (CHILD_SPENDING_CAP_EXCEEDED: metadata cap, spent, requested, child_org_id,
    parent_org_id) when it would take the child's spending this UTC month past its cap.

    Args:
        org_id (UUID):
        body (CreditServiceReserveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ReserveResponse
    """

    return sync_detailed(
        org_id=org_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreditServiceReserveBody,
) -> Response[GoogleRpcStatus | KeelBillingV1ReserveResponse]:
    """Holds credits for work about to start (permission `agents.run`). Refused with
    FAILED_PRECONDITION (INSUFFICIENT_CREDITS, with the shortfall) when the spendable
    balance (available and the overdraft, the rule CheckAIAccess applies) does not cover
    the amount, and with RESOURCE_EXHAUSTED (OPEN_HOLDS_LIMIT_EXCEEDED, QuotaFailure) when
    the organization already has the most holds open it may have. A sub-organization's
    hold is on its pool (its top-level ancestor's credits), refused with RESOURCE_EXHAUSTED
    (CHILD_SPENDING_CAP_EXCEEDED: metadata cap, spent, requested, child_org_id,
    parent_org_id) when it would take the child's spending this UTC month past its cap.

    Args:
        org_id (UUID):
        body (CreditServiceReserveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelBillingV1ReserveResponse]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreditServiceReserveBody,
) -> GoogleRpcStatus | KeelBillingV1ReserveResponse | None:
    """Holds credits for work about to start (permission `agents.run`). Refused with
    FAILED_PRECONDITION (INSUFFICIENT_CREDITS, with the shortfall) when the spendable
    balance (available and the overdraft, the rule CheckAIAccess applies) does not cover
    the amount, and with RESOURCE_EXHAUSTED (OPEN_HOLDS_LIMIT_EXCEEDED, QuotaFailure) when
    the organization already has the most holds open it may have. A sub-organization's
    hold is on its pool (its top-level ancestor's credits), refused with RESOURCE_EXHAUSTED
    (CHILD_SPENDING_CAP_EXCEEDED: metadata cap, spent, requested, child_org_id,
    parent_org_id) when it would take the child's spending this UTC month past its cap.

    Args:
        org_id (UUID):
        body (CreditServiceReserveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelBillingV1ReserveResponse
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            client=client,
            body=body,
        )
    ).parsed

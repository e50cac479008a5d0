from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.google_rpc_status import GoogleRpcStatus
from ...models.keel_catalog_v1_approve_submission_response import (
    KeelCatalogV1ApproveSubmissionResponse,
)
from ...models.submission_review_service_approve_submission_body import (
    SubmissionReviewServiceApproveSubmissionBody,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    submission_id: UUID,
    *,
    body: SubmissionReviewServiceApproveSubmissionBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/template-submissions/{submission_id}:approve".format(
            submission_id=quote(str(submission_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse:
    if response.status_code == 200:
        response_200 = KeelCatalogV1ApproveSubmissionResponse.from_dict(response.json())

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
) -> Response[GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    submission_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SubmissionReviewServiceApproveSubmissionBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse]:
    """Approves a pending submission: publishes a public template owned by the submitter's
    organization, or, when an earlier approval of the same agent published one, its next
    version.

    Args:
        submission_id (UUID):
        body (SubmissionReviewServiceApproveSubmissionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse]
    """

    kwargs = _get_kwargs(
        submission_id=submission_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    submission_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SubmissionReviewServiceApproveSubmissionBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse | None:
    """Approves a pending submission: publishes a public template owned by the submitter's
    organization, or, when an earlier approval of the same agent published one, its next
    version.

    Args:
        submission_id (UUID):
        body (SubmissionReviewServiceApproveSubmissionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse
    """

    return sync_detailed(
        submission_id=submission_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    submission_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SubmissionReviewServiceApproveSubmissionBody | Unset = UNSET,
) -> Response[GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse]:
    """Approves a pending submission: publishes a public template owned by the submitter's
    organization, or, when an earlier approval of the same agent published one, its next
    version.

    Args:
        submission_id (UUID):
        body (SubmissionReviewServiceApproveSubmissionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse]
    """

    kwargs = _get_kwargs(
        submission_id=submission_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    submission_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SubmissionReviewServiceApproveSubmissionBody | Unset = UNSET,
) -> GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse | None:
    """Approves a pending submission: publishes a public template owned by the submitter's
    organization, or, when an earlier approval of the same agent published one, its next
    version.

    Args:
        submission_id (UUID):
        body (SubmissionReviewServiceApproveSubmissionBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoogleRpcStatus | KeelCatalogV1ApproveSubmissionResponse
    """

    return (
        await asyncio_detailed(
            submission_id=submission_id,
            client=client,
            body=body,
        )
    ).parsed

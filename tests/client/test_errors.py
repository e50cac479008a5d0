"""The typed error against the live gateway: every refusal a `KeelError` with the
`google.rpc.Status` (code, message, ErrorInfo reason and metadata, the other details) and,
for a rate limit, its Retry-After, which the retry helper does not cut short."""

from __future__ import annotations

import uuid

import pytest
from keel_client import Keel, KeelError, RetryPolicy
from keel_client.generated.api.agent_service import agent_service_get_agent
from keel_client.generated.api.auth_service import (
    auth_service_resend_verification_email,
    auth_service_signup,
)
from keel_client.generated.api.organization_service import (
    organization_service_list_organizations,
)
from keel_client.generated.models import (
    KeelIdentityV1ResendVerificationEmailRequest,
    KeelIdentityV1SignupRequest,
)

from tests.identity.people import People, unique_email


async def test_an_unknown_agent_is_not_found_with_its_reason(keel: Keel, people: People):
    person = await people.signup("errors")
    missing = uuid.uuid4()
    async with keel.with_token(person.access_token) as client:
        with pytest.raises(KeelError) as raised:
            await client.acall(agent_service_get_agent, agent_id=missing)
    error = raised.value
    assert (error.status_code, error.code, error.code_name) == (404, 5, "NOT_FOUND")
    assert error.reason == "AGENT_NOT_FOUND" and error.domain.startswith("agents")
    assert error.metadata == {"agent_id": str(missing)}
    assert str(missing) in error.message


async def test_a_refused_field_carries_its_violations(keel: Keel):
    with pytest.raises(KeelError) as raised:
        await keel.acall(
            auth_service_signup,
            body=KeelIdentityV1SignupRequest(
                email=unique_email(), password="short", display_name="x"
            ),
        )
    error = raised.value
    assert (error.status_code, error.code_name) == (400, "INVALID_ARGUMENT")
    violations = (error.detail("google.rpc.BadRequest") or {}).get("field_violations", [])
    assert "password" in [v.get("field") for v in violations], error.details


async def test_no_credential_is_unauthenticated_before_any_service(keel: Keel):
    with pytest.raises(KeelError) as raised:
        await keel.acall(organization_service_list_organizations)
    assert (raised.value.status_code, raised.value.code_name) == (401, "UNAUTHENTICATED")


async def test_a_rate_limit_is_a_429_whose_retry_after_the_client_keeps(keel: Keel, people):
    """identity's verification e-mails: a few an hour per user. The wait is far beyond the
    client's longest, so it answers at once with the error, and the wait in it."""
    person = await people.signup("throttled")
    policy = RetryPolicy(attempts=3, max_wait=30)
    refused: KeelError | None = None
    async with Keel(keel.base_url, person.access_token, retry=policy) as client:
        for _ in range(10):  # the sign-up's own e-mail counts too: a few resends spend it
            try:
                await client.acall(
                    auth_service_resend_verification_email,
                    body=KeelIdentityV1ResendVerificationEmailRequest(),
                )
            except KeelError as error:
                refused = error
                break
    assert refused is not None, "ten verification e-mails in a row were allowed"
    assert (refused.status_code, refused.code_name) == (429, "RESOURCE_EXHAUSTED")
    assert refused.reason == "VERIFICATION_THROTTLED"
    assert refused.retry_after is not None and refused.retry_after > policy.max_wait
    assert refused.detail("google.rpc.QuotaFailure") is not None

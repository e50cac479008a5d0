"""The OpenAPI document as a contract, checked by schemathesis against the live gateway.

schemathesis's engine (what `st run` drives) runs every phase on every operation of the
document the gateway serves (`/openapi.json`): its examples, coverage of each rule's
edges, generated requests, and stateful sequences along the document's links (a
create's id feeds the reads, updates and deletes of that resource). Twice: as an
organization owner (pro plan, credits: every route of their organization is theirs to
call) and anonymously. Every response must:

- not be a server error (`not_a_server_error`);
- be the declared schema for its status (`response_schema_conformance`);
- accept what the document says is valid (`positive_data_acceptance`): a request the
  document allows is not refused as malformed. A refusal for the state of things
  (FAILED_PRECONDITION, OUT_OF_RANGE: HTTP 400 too) answers a well-formed request.

Bounded: a few examples per operation, derandomized (the same requests on every run, so
a failure reproduces), a time limit per run. Failures print the request as curl.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.engine import events, from_schema
from schemathesis.engine.statistic import Statistic
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.identity.people import People, Person
from tests.support.envoy import EnvoyGateway

# 405 Method Not Allowed (with Allow) for a known path and another method (issue 16, item 4).
CHECK_UNSUPPORTED_METHOD = True
# The methods tried on each path where undeclared. Not QUERY: it carries a body, and Envoy
# refuses one without a Content-Type (400 query_missing_content_type) before any route;
# with one it is 405 like the others (tests/gateway/test_envoy_config.py).
UNEXPECTED_METHODS = {"get", "put", "post", "delete", "options", "patch", "trace"}

EXAMPLES_PER_OPERATION = 5
SECONDS_PER_RUN = 50
# The gRPC codes that refuse a well-formed request for the state of things, whatever
# HTTP status the gateway maps them to (FAILED_PRECONDITION and OUT_OF_RANGE are 400).
STATE_REFUSALS = {"9", "11"}


# Refusals of a well-formed request that depend on what exists or who asks, as a 404 for
# an unknown id does: a page token is one the list itself returned (opaque, signed).
STATE_REASONS = {
    "INVALID_PAGE_TOKEN",
    # Who calls decides: a platform administrator publishes a template, anyone else
    # through a reviewed submission.
    "PUBLIC_REQUIRES_REVIEW",
    # A template's category is one of the catalog's categories, which the document cannot
    # enumerate: administrators add them.
    "UNKNOWN_CATEGORY",
}
# A NUL character (U+0000) cannot be stored (PostgreSQL's text and jsonb), and the services
# refuse it: 400 NUL_CHARACTER (test_a_nul_character_in_settings_is_refused). JSON Schema
# would say so with a pattern on every string and map key, so generated strings leave it out.
GENERATE_NUL = False
# Fields whose rules JSON Schema cannot say (gateway/json_schema.py): a refusal naming
# only these is the service's, not the document's to prevent.
UNDESCRIBED_RULES = {
    "expires_at",  # timestamp gt_now: in the future
    "ttl",  # duration gte/lte
    "config.model",  # CEL: a model id or a quality, not both
    "config.tools",  # CEL: an MCP tool names its server, a built-in one none
    "config.triggers",  # CEL: a channel-message trigger names its channel
}


@schemathesis.check
def schema_valid_request_accepted(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """positive_data_acceptance, except that a refusal for the state of things is fine."""
    if response.headers.get("grpc-status", [""])[0] in STATE_REFUSALS:
        return None
    details = _details(response)
    if any(detail.get("reason") in STATE_REASONS for detail in details):
        return None
    violated = {
        violation.get("field")
        for detail in details
        for violation in detail.get("field_violations", [])
    }
    if violated and violated <= UNDESCRIBED_RULES:
        return None
    return positive_data_acceptance(ctx, response, case)


def _details(response: Response) -> list[dict[str, Any]]:
    """The `google.rpc.Status` details of an error answer."""
    try:
        body = response.json()
    except ValueError:
        return []
    details = body.get("details", []) if isinstance(body, dict) else []
    return [detail for detail in details if isinstance(detail, dict)]


CHECKS = [
    "not_a_server_error",
    "response_schema_conformance",
    "schema_valid_request_accepted",
    *(["unsupported_method"] if CHECK_UNSUPPORTED_METHOD else []),
]


def run(edge: EnvoyGateway, token: str | None) -> str:
    """Every phase on the whole document; returns the failures as schemathesis prints
    them (each with its curl), "" when there are none."""
    schema = schemathesis.openapi.from_url(f"{edge.url}/openapi.json")
    headers = {"authorization": f"Bearer {token}"} if token else {}
    config = schema.config
    config.update(base_url=edge.url, headers=headers, continue_on_failure=True)
    config.auth.auto_signup = False  # the owner's token, or none: no user of its own
    config.max_time = SECONDS_PER_RUN
    config.generation.update(
        max_examples=EXAMPLES_PER_OPERATION, deterministic=True, allow_x00=GENERATE_NUL
    )
    config.checks.update(included_check_names=CHECKS)
    config.phases.coverage.unexpected_methods = UNEXPECTED_METHODS
    statistic = Statistic()
    errors = []
    phases: Counter[str] = Counter()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            statistic.on_scenario_finished(event.recorder)
            phases[getattr(event, "phase", "fuzzing")] += len(event.recorder.cases)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "value", None) or getattr(event, "exception", "")))
    report = [
        f"{label}\n" + group.format(index=n, curl=group.code_sample, config=config.output)
        for label, groups in sorted(statistic.failures.items())
        for n, group in enumerate(groups.values(), 1)
    ]
    tested = len(statistic.tested_operations)
    print(
        f"{tested} operations, {dict(phases)} cases, {len(report)} failures, {len(errors)} errors"
    )
    return "\n\n".join(report + errors)


def test_as_an_owner(edge: EnvoyGateway, owner: tuple[Person, str]) -> None:
    if failures := run(edge, owner[0].access_token):
        pytest.fail(failures, pytrace=False)


def test_anonymously(edge: EnvoyGateway) -> None:
    if failures := run(edge, None):
        pytest.fail(failures, pytrace=False)


async def test_a_nul_character_in_settings_is_refused(edge: EnvoyGateway) -> None:
    """What the contract run found: PostgreSQL's text and jsonb cannot hold U+0000, and a
    string with it was a 500 (an organization's `settings` key). Nothing is written."""
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        people = People(http)
        person = await people.signup("nul")  # the owner's organizations are the runs' to delete
        org_id = await people.organization(person)
        response = await person.patch(f"/v1/organizations/{org_id}", {"settings": {"k\u0000": 1}})
        assert response.status_code == 400, response.text
        assert [d.get("reason") for d in response.json()["details"]] == ["NUL_CHARACTER"]
        organization = await person.get(f"/v1/organizations/{org_id}")
        assert organization.json().get("settings", {}) == {}

"""Access tokens end to end: what identity signs, what its JWKS publishes, and what the
real gateway lets through with identity's real keys (the gateway's own tests cover the
Envoy mechanics with keys of their own).

Forged tokens are made here with the real signing key, read from identity's database and
decrypted with the server secret, as only someone holding both could.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from keel_runtime.db import Database
from services.identity.security import Secrets
from tests.identity.people import People, Person
from tests.identity.support import SECRET, sql

ISSUER, AUDIENCE = "keel-identity", "keel-api"  # the defaults of KEEL_JWT_ISSUER/AUDIENCE
PROTECTED = "/v1/auth/context"


async def jwks(http: httpx.AsyncClient) -> dict[str, Any]:
    response = await http.get("/.well-known/jwks.json")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def verify(token: str, key_set: dict[str, Any]) -> dict[str, Any]:
    """Verify `token` the way any relying party would, with PyJWT and the JWKS alone."""
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWKSet.from_dict(key_set)[kid]
    decoded: dict[str, Any] = jwt.decode(
        token, key, algorithms=["ES256"], audience=AUDIENCE, issuer=ISSUER
    )
    return decoded


async def real_key(database: Database) -> tuple[str, ec.EllipticCurvePrivateKey]:
    keys = await sql(
        database, "SELECT kid, private_key FROM signing_keys ORDER BY activates_at DESC"
    )
    kid, sealed = keys[0] if keys else pytest.fail("no signing key yet")
    der = Secrets(SECRET, password_memory_kib=8192).decrypt(sealed, kid.encode())
    private_key = serialization.load_der_private_key(der, password=None)
    assert isinstance(private_key, ec.EllipticCurvePrivateKey)
    return kid, private_key


def forge(person: Person, key: Any, kid: str, algorithm: str = "ES256", **changes: Any) -> str:
    """A token like identity's for `person`, with `changes` to its claims."""
    now = int(time.time())
    token_claims = jwt.decode(person.access_token, options={"verify_signature": False})
    token_claims.update(iat=now, exp=now + 300, jti=uuid.uuid4().hex)
    token_claims.update(changes)
    return jwt.encode(token_claims, key, algorithm=algorithm, headers={"kid": kid})


async def status_with(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.get(PROTECTED, headers={"authorization": f"Bearer {token}"})


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# --- the JWKS and the tokens ----------------------------------------------------------------


async def test_the_jwks_is_public_and_holds_only_public_p256_keys(http, people: People) -> None:
    await people.signup("jwks")  # the first sign-up makes sure a key exists
    key_set = await jwks(http)
    assert len(key_set["keys"]) == 1
    (key,) = key_set["keys"]
    assert set(key) == {"kty", "crv", "x", "y", "kid", "alg", "use"}  # no private "d"
    assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("EC", "P-256", "ES256", "sig")
    assert len(base64.urlsafe_b64decode(key["x"] + "=")) == 32


async def test_tokens_verify_against_the_jwks_and_carry_the_caller(http, people: People) -> None:
    ann = await people.signup("ann")
    token_claims = verify(ann.access_token, await jwks(http))
    assert token_claims["sub"] == ann.user_id
    assert token_claims["exp"] - token_claims["iat"] == 900
    assert uuid.UUID(token_claims["sid"]) and token_claims["jti"]
    assert "org" not in token_claims

    org_id = await people.organization(ann, "Ann Co")  # switches: a token for the org
    token_claims = verify(ann.access_token, await jwks(http))
    assert (token_claims["org"], token_claims["role"]) == (org_id, "owner")
    header = jwt.get_unverified_header(ann.access_token)
    assert header["alg"] == "ES256"
    assert header["kid"] in {k["kid"] for k in (await jwks(http))["keys"]}


# --- the edge, with identity's real keys ----------------------------------------------------


async def test_a_token_signed_with_the_real_key_passes_the_edge(
    http, people: People, identity_db
) -> None:
    ben = await people.signup("ben")
    kid, key = await real_key(identity_db)
    response = await status_with(http, forge(ben, key, kid))
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == ben.user_id


@pytest.mark.parametrize(
    "case",
    ["expired", "wrong_audience", "wrong_issuer", "other_key_same_kid", "unknown_kid", "no_exp"],
)
async def test_bad_tokens_never_reach_a_service(
    http, people: People, identity_db, case: str
) -> None:
    cleo = await people.signup("cleo")
    kid, key = await real_key(identity_db)
    outsider = ec.generate_private_key(ec.SECP256R1())
    now = int(time.time())
    token = {
        "expired": lambda: forge(cleo, key, kid, iat=now - 1000, exp=now - 100),
        "wrong_audience": lambda: forge(cleo, key, kid, aud="someone-else"),
        "wrong_issuer": lambda: forge(cleo, key, kid, iss="someone-else"),
        "other_key_same_kid": lambda: forge(cleo, outsider, kid),
        "unknown_kid": lambda: forge(cleo, outsider, "not-a-published-kid"),
        "no_exp": lambda: _without_exp(cleo, key, kid),
    }[case]()
    response = await status_with(http, token)
    assert response.status_code == 401, response.text
    assert response.json()["code"] == 16  # UNAUTHENTICATED, as a google.rpc.Status


def _without_exp(person: Person, key: Any, kid: str) -> str:
    token_claims = jwt.decode(person.access_token, options={"verify_signature": False})
    del token_claims["exp"]
    return jwt.encode(token_claims, key, algorithm="ES256", headers={"kid": kid})


async def test_tampered_and_unsigned_tokens_never_reach_a_service(http, people: People) -> None:
    dora, eve = await people.signup("dora"), await people.signup("eve")
    header, payload, signature = dora.access_token.split(".")
    dora_claims = jwt.decode(dora.access_token, options={"verify_signature": False})

    # Eve's id in Dora's token, Dora's signature kept.
    tampered = ".".join([header, b64({**dora_claims, "sub": eve.user_id}), signature])
    # alg "none": no signature at all.
    unsigned_header = {**jwt.get_unverified_header(dora.access_token), "alg": "none"}
    unsigned = ".".join([b64(unsigned_header), payload, ""])
    # A flipped signature byte.
    flipped = ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])

    for token in (tampered, unsigned, flipped, "not-a-jwt"):
        response = await status_with(http, token)
        assert response.status_code == 401, (token, response.text)
    assert (await status_with(http, dora.access_token)).status_code == 200


async def test_identity_headers_sent_by_a_client_are_ignored(http, people: People) -> None:
    fay, gus = await people.signup("fay"), await people.signup("gus")
    response = await http.get(PROTECTED, headers={**fay.headers, "x-keel-user-id": gus.user_id})
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == fay.user_id
    anonymous = await http.get(PROTECTED, headers={"x-keel-user-id": gus.user_id})
    assert anonymous.status_code == 401, anonymous.text

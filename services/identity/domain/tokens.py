"""Access tokens: short-lived ES256 JWTs the gateway verifies against the JWKS.

Claims: `iss`/`aud` (KEEL_JWT_ISSUER/AUDIENCE), `sub` the user id, `org` the active
organization and `role` the user's role there (both left out when there is none), `sid`
the login session (ending it refuses the token at once), `iat`, `exp`, `jti`.
The gateway forwards `sub`, `org` and `sid` as x-keel-* metadata; services authorize
against identity, never against the claims alone.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from services.identity.deps import Deps
from services.identity.domain.permissions import Role
from services.identity.domain.signing import ALGORITHM

TOKEN_TYPE = "Bearer"


@dataclass(frozen=True)
class Tokens:
    """keel.identity.v1.Tokens; `refresh_token` is empty when only the access token is new."""

    access_token: str
    expires_in: int
    refresh_token: str = ""
    token_type: str = TOKEN_TYPE


async def access_token(
    deps: Deps,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    org_id: uuid.UUID | None = None,
    role: Role | None = None,
    *,
    refresh_token: str = "",
) -> Tokens:
    """A signed access token for `user_id` in `session_id`, acting in `org_id` as `role`.

    The caller has checked the role (`deps.access.org_role`); pass `refresh_token` to
    return it alongside.
    """
    key = await deps.keys.signing_key()
    now = int(time.time())
    lifetime = deps.config.access_token_seconds
    claims: dict[str, Any] = {
        "iss": deps.config.tokens.issuer,
        "aud": deps.config.tokens.audience,
        "sub": str(user_id),
        "sid": str(session_id),
        "iat": now,
        "exp": now + lifetime,
        "jti": uuid.uuid4().hex,
    }
    if org_id is not None and role is not None:
        claims["org"] = str(org_id)
        claims["role"] = role.label
    import jwt  # with `cryptography`, only once this replica signs (see domain/signing.py)

    token = jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
    return Tokens(access_token=token, expires_in=lifetime, refresh_token=refresh_token)

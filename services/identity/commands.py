"""Operator commands: `python -m services.identity <command> …` (see README).

- `rotate-signing-key`: adds a new token-signing key; it is published in the JWKS at once
  and signs from KEEL_IDENTITY_KEY_PUBLISH_SECONDS later, when every gateway has it.
- `platform-admin grant|revoke EMAIL`: the platform-administrator flag is set here only,
  never through the API.
"""

from __future__ import annotations

import sys
from typing import cast

from keel_runtime.config import ServiceConfig
from keel_runtime.db import Database
from services.identity.config import IdentityConfig


async def rotate_signing_key(config: ServiceConfig, arguments: list[str]) -> int:
    from services.identity.domain.signing import rotate_signing_key as rotate

    identity = cast(IdentityConfig, config)
    database = Database(config.database_url, pool_size=1, application_name="identity-cli")
    try:
        kid = await rotate(database, identity)
    finally:
        await database.close()
    print(f"new signing key {kid}: published now, signs in {identity.key_publish_seconds} s")
    return 0


async def platform_admin(config: ServiceConfig, arguments: list[str]) -> int:
    from services.identity.domain.admin import set_platform_admin

    if len(arguments) != 2 or arguments[0] not in {"grant", "revoke"}:
        print(
            "usage: python -m services.identity platform-admin grant|revoke EMAIL", file=sys.stderr
        )
        return 2
    action, email = arguments
    database = Database(config.database_url, pool_size=1, application_name="identity-cli")
    try:
        found = await set_platform_admin(database, email, action == "grant")
    finally:
        await database.close()
    if not found:
        print(f"no user with e-mail {email}", file=sys.stderr)
        return 1
    print(f"{email}: platform administrator {'granted' if action == 'grant' else 'revoked'}")
    return 0


COMMANDS = {"rotate-signing-key": rotate_signing_key, "platform-admin": platform_admin}

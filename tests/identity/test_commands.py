"""The operator commands, run as an operator runs them: `python -m services.identity …`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.identity.people import People

ROOT = Path(__file__).resolve().parents[2]


def _command(identity_env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.identity", *arguments],
        cwd=ROOT,
        env={**os.environ, **identity_env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def _status_becomes(person, path: str, status: int) -> bool:
    for _ in range(100):
        if (await person.get(path)).status_code == status:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_platform_admin_is_granted_and_revoked_by_the_command(
    people: People, http: httpx.AsyncClient, identity_env
):
    person = await people.signup("operator")
    overview = "/v1/admin/platform/overview"
    assert (await person.get(overview)).status_code == 403

    granted = _command(identity_env, "platform-admin", "grant", person.email.upper())
    assert granted.returncode == 0, granted.stderr
    # The running server learns it from the command's event, not from a cache expiry
    # (which is far longer than this wait).
    assert await _status_becomes(person, overview, 200)

    revoked = _command(identity_env, "platform-admin", "revoke", person.email)
    assert revoked.returncode == 0, revoked.stderr
    assert await _status_becomes(person, overview, 403)

    unknown = _command(identity_env, "platform-admin", "grant", "nobody@example.com")
    assert unknown.returncode == 1 and "no user" in unknown.stderr
    assert _command(identity_env, "platform-admin", "promote", person.email).returncode == 2


async def test_rotating_the_signing_key_publishes_a_second_key(
    people: People, http: httpx.AsyncClient, identity_env
):
    await people.signup("first")  # the first key exists once a token was signed
    before = {k["kid"] for k in (await http.get("/.well-known/jwks.json")).json()["keys"]}
    rotated = _command(identity_env, "rotate-signing-key")
    assert rotated.returncode == 0, rotated.stderr
    new_kid = rotated.stdout.split()[3].rstrip(":")
    for _ in range(150):  # identity reloads its key ring at least every 10 s
        keys = {k["kid"] for k in (await http.get("/.well-known/jwks.json")).json()["keys"]}
        if new_kid in keys:
            break
        await asyncio.sleep(0.1)
    assert keys == before | {new_kid}

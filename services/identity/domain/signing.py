"""The ES256 keys that sign access tokens: created, rotated, published, kept in memory.

A key's life (times in `signing_keys`):
- published in the JWKS as soon as it is stored, so every gateway fetches it first;
- signs from `activates_at` (the newest key with `activates_at <= now` signs);
- `retired_at` is when the next key takes over; it stays published until the last token
  it signed has expired (`retired_at + access_token_seconds + PUBLISH_GRACE_SECONDS`).

The first key is created on first use, active at once. `rotate_signing_key` (the
`rotate-signing-key` command) adds a key that signs after `key_publish_seconds`, so
during a rotation the JWKS holds two keys.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from keel_runtime.db import Database
from services.identity.config import IdentityConfig
from services.identity.data import signing_keys as store
from services.identity.data.signing_keys import StoredKey
from services.identity.security import Secrets

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

ALGORITHM = "ES256"
# Clock skew a verifier may allow, on top of the token lifetime, before a key leaves.
PUBLISH_GRACE_SECONDS = 60
# How stale the in-memory key list may be (a rotation made elsewhere shows up within it);
# at most a quarter of the publish delay, so a new key is in the JWKS long before it signs.
RELOAD_SECONDS = 10.0


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey


# `cryptography` and PyJWT are imported where a key is made or opened, not at start: a
# replica that only serves the JWKS, permission and API-key checks never loads their
# native code (~8 MiB resident, measured), and one that signs loads it once.


def new_key(secret_box: Secrets, activates_at: datetime) -> StoredKey:
    """A fresh P-256 key, its private half encrypted (bound to its kid)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.algorithms import ECAlgorithm

    private_key = ec.generate_private_key(ec.SECP256R1())
    kid = f"{activates_at:%Y%m%d}-{secrets.token_hex(6)}"
    der = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    jwk = {
        "kty": public["kty"],
        "crv": public["crv"],
        "x": public["x"],
        "y": public["y"],
        "kid": kid,
        "alg": ALGORITHM,
        "use": "sig",
    }
    return StoredKey(kid, secret_box.encrypt(der, kid.encode()), jwk, activates_at, None)


def _signing(keys: list[StoredKey], now: datetime) -> bool:
    return any(k.activates_at <= now for k in keys)


class KeyRing:
    """The published keys, reloaded at most every RELOAD_SECONDS; a private key is
    decrypted the first time it signs."""

    def __init__(self, database: Database, secret_box: Secrets, config: IdentityConfig) -> None:
        self.database = database
        self.secrets = secret_box
        # How long after retirement a key still verifies tokens it signed.
        self.linger = timedelta(seconds=config.access_token_seconds + PUBLISH_GRACE_SECONDS)
        self.reload_seconds = min(RELOAD_SECONDS, config.key_publish_seconds / 4)
        self._keys: list[StoredKey] = []
        self._opened: dict[str, SigningKey] = {}
        self._loaded_at = float("-inf")
        self._reload = asyncio.Lock()

    async def signing_key(self) -> SigningKey:
        """The key that signs now: the newest one already active."""
        keys = await self._current()  # never empty, oldest activation first
        now = datetime.now(UTC)
        active = [k for k in keys if k.activates_at <= now]
        # None yet only when this clock is a little behind the replica that made the first key.
        stored = active[-1] if active else keys[0]
        opened = self._opened.get(stored.kid)
        if opened is None:
            opened = self._opened[stored.kid] = self._open(stored)
        return opened

    async def jwks(self) -> list[dict[str, str]]:
        """The public keys that verify tokens now or soon (two during a rotation)."""
        cutoff = datetime.now(UTC) - self.linger
        return [
            k.public_jwk
            for k in await self._current()
            if k.retired_at is None or k.retired_at > cutoff
        ]

    async def _current(self) -> list[StoredKey]:
        if time.monotonic() - self._loaded_at < self.reload_seconds:
            return self._keys
        async with self._reload:
            if time.monotonic() - self._loaded_at >= self.reload_seconds:
                self._keys = await self._load()
                self._loaded_at = time.monotonic()
        return self._keys

    async def _load(self) -> list[StoredKey]:
        async with self.database.sessions() as session, session.begin():
            now = datetime.now(UTC)
            stored = await store.published(session, retired_after=now - self.linger)
            if not stored:  # the newest key is never retired: there is none at all yet
                await store.lock(session)  # created once across replicas
                stored = await store.published(session, retired_after=now - self.linger)
                if not stored:
                    await store.add(session, new_key(self.secrets, now))
                    stored = await store.published(session, retired_after=now - self.linger)
        return stored

    def _open(self, stored: StoredKey) -> SigningKey:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        der = self.secrets.decrypt(stored.private_key, stored.kid.encode())
        private_key = serialization.load_der_private_key(der, password=None)
        assert isinstance(private_key, ec.EllipticCurvePrivateKey)
        return SigningKey(stored.kid, private_key)


async def rotate_signing_key(database: Database, config: IdentityConfig) -> str:
    """Add a new signing key; returns its kid.

    It is published at once and signs from `now + key_publish_seconds` (at once when no
    key signs yet); the key it replaces retires at that moment.
    """
    secret_box = Secrets(config.secret, password_memory_kib=config.password_hash_memory_kib)
    async with database.sessions() as session, session.begin():
        await store.lock(session)
        now = datetime.now(UTC)
        live = await store.published(session, retired_after=now)
        publish = timedelta(seconds=config.key_publish_seconds)
        key = new_key(secret_box, now + publish if _signing(live, now) else now)
        await store.add(session, key)
    return key.kid

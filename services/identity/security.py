"""identity's cryptography, in one place: password hashes, token secrets and their
digests, keyed hashes of API-key secrets, encryption of signing keys at rest.

Libraries do the work (argon2-cffi, cryptography, hashlib/hmac); this module only fixes
the choices. No secret is ever logged or returned except where it is created.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from keel_runtime.errors import Unavailable
from keel_runtime.sealing import Sealer

T = TypeVar("T")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def random_token(prefix: str, length: int = 40) -> str:
    """`prefix` + `length` random alphanumerics (~5.95 bits each: 40 → 238 bits)."""
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def digest(token: str) -> bytes:
    """SHA-256 of a high-entropy token (refresh, invitation): enough to find it, useless
    to anyone who reads the table."""
    return hashlib.sha256(token.encode()).digest()


class Secrets:
    """Keys derived from the server secret (`KEEL_IDENTITY_SECRET`), one per purpose."""

    def __init__(
        self,
        server_secret: str,
        *,
        password_memory_kib: int = 65536,
        password_workers: int = 2,
        password_queue: int = 16,
    ) -> None:
        self._api_key_mac = _derive(server_secret, b"keel identity api-key hmac")
        # Signing keys at rest: AES-256-GCM, bound to their kid.
        self._signing_keys = Sealer.of_key(
            _derive(server_secret, b"keel identity signing-key aead")
        )
        # argon2id; time and parallelism at argon2-cffi's defaults (RFC 9106).
        self._passwords = PasswordHasher(memory_cost=password_memory_kib)
        # Verified against when the account does not exist, so both cases take as long;
        # made on first use, in a worker thread (a hash holds the memory above).
        self._dummy_hash: str | None = None
        self._dummy_lock = threading.Lock()
        # Each hash holds `password_memory_kib` while it runs: a login burst queues here
        # instead of multiplying the memory (and the CPU is saturated by then anyway).
        self._workers = asyncio.Semaphore(password_workers)
        # Hashes running or waiting; past `room` a caller is refused at once (503) rather
        # than queued behind seconds of others' hashes.
        self._hashing = 0
        self._room = password_workers + password_queue

    # --- API keys ---------------------------------------------------------------------

    def api_key_hash(self, secret: str) -> bytes:
        """HMAC-SHA256 of an API-key secret: a stolen table cannot be checked offline
        without the server secret, and lookup stays one indexed equality."""
        return hmac.new(self._api_key_mac, secret.encode(), hashlib.sha256).digest()

    # --- signing keys -----------------------------------------------------------------

    def encrypt(self, plaintext: bytes, context: bytes) -> bytes:
        return self._signing_keys.seal_bytes(plaintext, context)

    def decrypt(self, sealed: bytes, context: bytes) -> bytes:
        return self._signing_keys.open_bytes(sealed, context)

    # --- passwords (CPU-heavy: run off the event loop) --------------------------------

    def require_hashing_room(self) -> None:
        """Refuse now (Unavailable, with a retry delay) when the hash queue is full: checked
        before a throttle counts an attempt that would then be refused anyway."""
        if self._hashing >= self._room:
            raise Unavailable(
                "too many sign-ins at once; try again in a second",
                reason="PASSWORD_HASHING_BUSY",
                retry_after_seconds=1,
            )

    async def hash_password(self, password: str) -> str:
        return await self._hash_slot(self._passwords.hash, password)

    async def verify_password(self, password_hash: str | None, password: str) -> bool:
        """True when `password` matches; a missing account costs the same time."""
        return await self._hash_slot(self._verify, password_hash, password)

    async def _hash_slot(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` in a worker thread once a slot is free; refused when the queue is full."""
        self.require_hashing_room()
        self._hashing += 1
        try:
            async with self._workers:
                return await asyncio.to_thread(work, *args)
        finally:
            self._hashing -= 1

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            self._passwords.verify(password_hash or self._dummy(), password)
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def _dummy(self) -> str:
        """The hash verified against for a missing account (called in a worker thread)."""
        with self._dummy_lock:
            if self._dummy_hash is None:
                self._dummy_hash = self._passwords.hash(secrets.token_urlsafe(16))
            return self._dummy_hash


def _derive(secret: str, purpose: bytes) -> bytes:
    """One 256-bit key per purpose: HMAC-SHA256 keyed with the (high-entropy) server secret,
    a PRF, as HKDF-Expand does it. The standard library, not `cryptography`: replicas that
    only check API keys and permissions never load its native module (~6 MiB resident;
    `Sealer` imports it on first use)."""
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()

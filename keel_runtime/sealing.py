"""Secrets carried by events, sealed so that only services given the key can read them.

An event rests in its producer's outbox table and in the Redis stream until trimmed. A
secret in it (an invitation's token, for the e-mail messaging sends) would rest there in
clear; sealed, it rests encrypted (AES-256-GCM under `KEEL_EVENTS_SEALING_KEY`, bound to
the event type), and only the producer and the consumers that need it hold the key.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# The variable naming the key; producers and the consumers that open sealed fields read it.
SEALING_KEY = "KEEL_EVENTS_SEALING_KEY"


class Sealer:
    def __init__(self, key: str) -> None:
        # At least 32 random characters (the service's config checks); hashed to 256 bits.
        self._key = hashlib.sha256(key.encode()).digest()

    @classmethod
    def of_key(cls, key: bytes) -> Sealer:
        """A sealer under a raw 256-bit key (one already derived for its purpose)."""
        if len(key) != 32:
            raise ValueError("a sealing key has 32 bytes")
        sealer = cls.__new__(cls)
        sealer._key = key
        return sealer

    def seal(self, secret: str, context: str) -> bytes:
        """`secret` encrypted; `context` (the event type) must match to open it."""
        return self.seal_bytes(secret.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        return self.open_bytes(sealed, context.encode()).decode()

    def seal_bytes(self, plaintext: bytes, context: bytes) -> bytes:
        """`plaintext` encrypted (a random 96-bit nonce first), bound to `context`."""
        nonce = os.urandom(12)
        return nonce + self._aead().encrypt(nonce, plaintext, context)

    def open_bytes(self, sealed: bytes, context: bytes) -> bytes:
        return self._aead().decrypt(sealed[:12], sealed[12:], context)

    def _aead(self) -> AESGCM:
        # Imported on first use: most replicas never seal anything (~6 MiB of native code).
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(self._key)

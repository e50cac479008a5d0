"""Test users and organizations made through the public REST API, as clients make them.

A user proves their address with the token identity e-mails them; until messaging sends
that mail, the tests read it from identity's `user.verification_requested` event on its
stream (in the tests' Redis, `EVENTS.redis_url`, set by tests/conftest.py), as messaging
will."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx
import redis.asyncio as redis

from keel.events.v1 import events_pb2 as envelope_pb2
from keel.identity.v1 import events_pb2
from keel_runtime.events import stream_name
from keel_runtime.sealing import Sealer
from tests.identity.support import EVENTS_SEALING_KEY

PASSWORD = "correct horse battery staple"
VERIFICATION_REQUESTED = "user.verification_requested"


@dataclass
class Events:
    """Where identity's events are read from: the tests' Redis."""

    redis_url: str = ""


EVENTS = Events()


async def verification_token(user_id: str, within: float = 10.0, other_than: str = "") -> str:
    """The token identity last e-mailed `user_id` (its newest `user.verification_requested`),
    waited for: the event leaves the outbox moments after the commit. `other_than`: a token
    sent before, to wait past (a new one replacing it)."""
    assert EVENTS.redis_url, "tests/conftest.py sets EVENTS.redis_url with the Redis server"
    client = redis.Redis.from_url(EVENTS.redis_url)
    try:
        for _ in range(int(within / 0.05)):
            entries: Any = await client.xrevrange(stream_name("identity"), count=2000)
            for _entry_id, fields in entries:
                if fields.get(b"type") != VERIFICATION_REQUESTED.encode():
                    continue
                payload = events_pb2.VerificationRequested()
                envelope_pb2.Event.FromString(fields[b"envelope"]).payload.Unpack(payload)
                if payload.user_id == user_id:
                    token = Sealer(EVENTS_SEALING_KEY).open(
                        payload.sealed_token, VERIFICATION_REQUESTED
                    )
                    if token != other_than:
                        return token
                    break  # the newest is the old one: the new one is not out yet
            await asyncio.sleep(0.05)
    finally:
        await client.aclose()
    raise TimeoutError(f"no {VERIFICATION_REQUESTED} event for user {user_id}")


def unique_email(tag: str = "user") -> str:
    return f"{tag}-{secrets.token_hex(4)}@example.com"


@dataclass
class Person:
    email: str
    user_id: str
    access_token: str
    refresh_token: str
    http: httpx.AsyncClient = field(repr=False)

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.access_token}"}

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(path, headers=self.headers, **kwargs)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.http.post(path, headers=self.headers, json=body or {}, **kwargs)

    async def patch(self, path: str, body: Any, **kwargs: Any) -> httpx.Response:
        return await self.http.patch(path, headers=self.headers, json=body, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.delete(path, headers=self.headers, **kwargs)

    async def switch(self, org_id: str) -> None:
        """Make `org_id` the active organization and use the token issued for it."""
        response = await self.post("/v1/auth/context/switch", {"org_id": org_id})
        assert response.status_code == 200, response.text
        self.access_token = response.json()["tokens"]["access_token"]


class People:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def signup(self, tag: str = "user", *, email: str | None = None) -> Person:
        email = email or unique_email(tag)
        response = await self.http.post(
            "/v1/auth/signup",
            json={"email": email, "password": PASSWORD, "display_name": tag.title()},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return Person(
            email=email,
            user_id=body["user"]["id"],
            access_token=body["tokens"]["access_token"],
            refresh_token=body["tokens"]["refresh_token"],
            http=self.http,
        )

    async def verify_email(self, person: Person) -> None:
        """Verify `person`'s address with the token identity e-mailed them."""
        token = await verification_token(person.user_id)
        response = await self.http.post("/v1/auth/verify-email", json={"token": token})
        assert response.status_code == 200, response.text

    async def verified(self, tag: str = "user", *, email: str | None = None) -> Person:
        """A new user who verified their address."""
        person = await self.signup(tag, email=email)
        await self.verify_email(person)
        return person

    async def organization(self, owner: Person, name: str = "Acme") -> str:
        """A new organization owned by `owner`, made active for them; returns its id."""
        response = await owner.post("/v1/organizations", {"name": name})
        assert response.status_code == 200, response.text
        org_id: str = response.json()["organization"]["organization"]["id"]
        await owner.switch(org_id)
        return org_id

    async def join(self, owner: Person, org_id: str, role: str, tag: str = "member") -> Person:
        """A new user who joined `org_id` with `role` (ROLE_ADMIN, …) by invitation, having
        verified their address first."""
        person = await self.verified(tag)
        invited = await owner.post(
            f"/v1/organizations/{org_id}/invitations", {"email": person.email, "role": role}
        )
        assert invited.status_code == 200, invited.text
        token = invited.json()["token"]
        accepted = await person.post(f"/v1/invitations/{token}/accept")
        assert accepted.status_code == 200, accepted.text
        await person.switch(org_id)
        return person

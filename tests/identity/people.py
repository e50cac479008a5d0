"""Test users and organizations made through the public REST API, as clients make them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

PASSWORD = "correct horse battery staple"


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

    async def organization(self, owner: Person, name: str = "Acme") -> str:
        """A new organization owned by `owner`, made active for them; returns its id."""
        response = await owner.post("/v1/organizations", {"name": name})
        assert response.status_code == 200, response.text
        org_id: str = response.json()["organization"]["organization"]["id"]
        await owner.switch(org_id)
        return org_id

    async def join(self, owner: Person, org_id: str, role: str, tag: str = "member") -> Person:
        """A new user who joined `org_id` with `role` (ROLE_ADMIN, …) by invitation."""
        person = await self.signup(tag)
        invited = await owner.post(
            f"/v1/organizations/{org_id}/invitations", {"email": person.email, "role": role}
        )
        assert invited.status_code == 200, invited.text
        token = invited.json()["token"]
        accepted = await person.post(f"/v1/invitations/{token}/accept")
        assert accepted.status_code == 200, accepted.text
        await person.switch(org_id)
        return person

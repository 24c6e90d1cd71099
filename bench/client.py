"""A thin async client of the tdkt HTTP contract (shared/api-contract.md)."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

PASSWORD = "Bench#Matkhau2026"


class ApiError(RuntimeError):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(
            f"{response.request.method} {response.request.url.path} → "
            f"{response.status_code}: {response.text[:300]}"
        )
        self.status = response.status_code


@dataclass
class Api:
    """Keeps one connection pool and a token per user."""

    base_url: str
    http: httpx.AsyncClient = field(init=False)
    tokens: dict[str, str] = field(default_factory=dict)
    unavailable: int = 0  # 503 answers that were retried
    dropped: int = 0  # keyed requests whose connection failed before an answer, sent again

    def __post_init__(self) -> None:
        # idle connections expire on the client's side first (the API keeps them 75 s)
        limits = httpx.Limits(
            max_connections=200, max_keepalive_connections=200, keepalive_expiry=30
        )
        self.http = httpx.AsyncClient(base_url=self.base_url, timeout=60, limits=limits)

    async def close(self) -> None:
        await self.http.aclose()

    async def login(self, username: str, password: str = PASSWORD) -> str:
        r = await self.http.post(
            "/api/v1/auth/token", data={"username": username, "password": password}
        )
        if r.status_code != 200:
            raise ApiError(r)
        token: str = r.json()["access_token"]
        self.tokens[username] = token
        return token

    def headers(self, user: str) -> dict[str, str]:
        """The bearer header of a signed-in ``user`` (for requests built by hand)."""
        return self._auth(user)

    def _auth(self, user: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}

    async def request(
        self,
        method: str,
        path: str,
        user: str | None,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.http.request(
            method, path, headers=self._auth(user) | (headers or {}), json=json, params=params
        )

    async def keyed(
        self, method: str, path: str, user: str, *, json: Any, key: dict[str, str]
    ) -> httpx.Response:
        """A request with an Idempotency-Key: when its connection fails before any answer, it is
        sent again with the same key (what the contract tells clients to do), and counted."""
        for _ in range(4):
            try:
                return await self.request(method, path, user, json=json, headers=key)
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
                self.dropped += 1
                await asyncio.sleep(0.2)
        return await self.request(method, path, user, json=json, headers=key)

    async def call(
        self,
        method: str,
        path: str,
        user: str | None,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        expect: tuple[int, ...] = (200, 201),
    ) -> Any:
        r = await self.request(method, path, user, json=json, params=params)
        if r.status_code not in expect:
            raise ApiError(r)
        return r.json()

    async def org(self, code: str, name: str, level: str, parent: str | None) -> None:
        r = await self.request(
            "POST",
            "/api/v1/orgs",
            "admin",
            json={"code": code, "name": name, "level": level, "parent_code": parent},
        )
        if r.status_code not in (201, 409):
            raise ApiError(r)

    async def user(self, username: str, org_code: str, roles: list[str]) -> None:
        r = await self.request(
            "POST",
            "/api/v1/users",
            "admin",
            json={
                "username": username,
                "password": PASSWORD,
                "full_name": f"Người dùng {username}",
                "org_code": org_code,
                "roles": roles,
            },
        )
        if r.status_code not in (201, 409):
            raise ApiError(r)
        await self.login(username)

    async def create_dossier(
        self, officer: str, unit: str, award: str, nominees: list[dict[str, Any]], summary: str
    ) -> dict[str, Any]:
        body = {"proposer_org": unit, "award_code": award, "summary": summary, "nominees": nominees}
        key = {"Idempotency-Key": uuid.uuid4().hex}  # a retry after a 503 is the same request
        for _ in range(20):
            r = await self.keyed("POST", "/api/v1/dossiers", officer, json=body, key=key)
            if r.status_code != 503:
                break
            self.unavailable += 1
            await asyncio.sleep(0.2)
        if r.status_code != 201:
            raise ApiError(r)
        result: dict[str, Any] = r.json()
        return result

    async def decide(
        self, chair: str, dossier_id: str, *, retry_for: float = 30.0, action: str = "approve"
    ) -> tuple[httpx.Response, int, float]:
        """Decide; a 409 just after creation or a forward (stage not open yet) is retried, and so
        is a 503 (the API could not reach Temporal in time): counted in `unavailable`.

        Returns the last response, the number of retries and the seconds the last attempt took.
        """
        deadline = time.monotonic() + retry_for
        retries = 0
        key = {"Idempotency-Key": uuid.uuid4().hex}  # a retry after a 503 is the same request
        while True:
            started = time.perf_counter()
            r = await self.keyed(
                "POST",
                f"/api/v1/dossiers/{dossier_id}/decisions",
                chair,
                json={"action": action, "comment": "Đồng ý đề nghị"},
                key=key,
            )
            elapsed = time.perf_counter() - started
            if r.status_code not in (409, 503) or time.monotonic() > deadline:
                return r, retries, elapsed
            if r.status_code == 503:
                self.unavailable += 1
            retries += 1
            await asyncio.sleep(0.02)

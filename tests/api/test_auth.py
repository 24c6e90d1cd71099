"""Sign-in, tokens and the caller's profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt

from core.settings import Settings
from tests.api.conftest import ADMIN_PASSWORD, World


async def test_token_carries_identity_claims(
    client: httpx.AsyncClient, api_settings: Settings
) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    claims = jwt.decode(
        body["access_token"], api_settings.jwt_secret.get_secret_value(), algorithms=["HS256"]
    )
    assert claims["sub"] == "admin"
    assert claims["org"] == "BNV"
    assert claims["roles"] == ["admin"]
    assert claims["exp"] - claims["iat"] == api_settings.jwt_ttl_minutes * 60


async def test_wrong_password_is_401_with_challenge(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"username": "admin", "password": "sai-mat-khau"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"
    assert "Sai tên đăng nhập" in response.json()["detail"]


async def test_unknown_user_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"username": "khong-co", "password": "x" * 10}
    )
    assert response.status_code == 401


async def test_missing_form_field_is_422_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/token", data={"username": "admin"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"


async def test_me_requires_a_valid_token(client: httpx.AsyncClient, api_settings: Settings) -> None:
    assert (await client.get("/api/v1/me")).status_code == 401
    garbage = {"Authorization": "Bearer not-a-jwt"}
    assert (await client.get("/api/v1/me", headers=garbage)).status_code == 401
    past = datetime.now(UTC) - timedelta(hours=1)
    expired = jwt.encode(
        {"sub": "admin", "iat": int(past.timestamp()), "exp": int(past.timestamp()) + 60},
        api_settings.jwt_secret.get_secret_value(),
        algorithm="HS256",
    )
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    forged = jwt.encode(
        {"sub": "admin", "iat": 1, "exp": 4_000_000_000},
        "another-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
    )
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


async def test_me_describes_the_caller(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v1/me", headers=world.as_("D1", "chair"))
    assert response.status_code == 200
    body = response.json()
    assert body["roles"] == ["chair"]
    assert body["org_code"] == world.code("D1")
    assert body["org"]["level"] == "district"
    assert "password" not in str(body)

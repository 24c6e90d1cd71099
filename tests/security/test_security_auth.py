"""JWT tampering and expiry → 401; access across organisations → 404/403."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import jwt
import pytest

from bench.names import nominees
from tests.security.conftest import World


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _claims(world: World, user: str) -> dict[str, Any]:
    token = world.api.tokens[user]
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


async def _me(world: World, token: str) -> httpx.Response:
    return await world.api.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def _assert_401(r: httpx.Response) -> None:
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["status"] == 401
    assert r.headers.get("www-authenticate", "").lower().startswith("bearer")


async def test_genuine_token_is_accepted(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    r = await _me(world, world.api.tokens[officer])
    assert r.status_code == 200
    assert r.json()["username"] == officer


async def test_changed_payload_is_refused(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    header, _payload, signature = world.api.tokens[officer].split(".")
    claims = _claims(world, officer) | {"sub": "admin", "roles": ["admin"], "org": "BNV"}
    _assert_401(await _me(world, f"{header}.{_b64(claims)}.{signature}"))


async def test_wrong_key_is_refused(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    forged = jwt.encode(_claims(world, officer), "not-the-server-secret-" * 2, algorithm="HS256")
    _assert_401(await _me(world, forged))


async def test_alg_none_is_refused(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    claims = _claims(world, officer) | {"roles": ["admin"]}
    for alg in ("none", "None", "NONE"):
        unsigned = f"{_b64({'alg': alg, 'typ': 'JWT'})}.{_b64(claims)}."
        _assert_401(await _me(world, unsigned))


async def test_expired_token_is_refused(world: World) -> None:
    officer = world.orgs.officer_units[0][0]
    now = int(time.time())
    claims = _claims(world, officer) | {"iat": now - 7200, "exp": now - 60}
    expired = jwt.encode(claims, world.stack.jwt_secret, algorithm="HS256")
    _assert_401(await _me(world, expired))
    # The same claims with a future expiry and the right key pass: only `exp` made the difference.
    fresh = jwt.encode(claims | {"exp": now + 600}, world.stack.jwt_secret, algorithm="HS256")
    assert (await _me(world, fresh)).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer garbage", "bearer a.b", "Basic YWRtaW46YWRtaW4=", "x.y.z"],
)
async def test_missing_or_garbage_credentials_are_refused(world: World, authorization: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    _assert_401(await world.api.http.get("/api/v1/dossiers", headers=headers))


async def test_token_of_a_deleted_user_is_refused(world: World) -> None:
    claims = _claims(world, world.orgs.officer_units[0][0]) | {"sub": "no-such-user"}
    _assert_401(await _me(world, jwt.encode(claims, world.stack.jwt_secret, algorithm="HS256")))


async def test_access_across_organisations(world: World) -> None:
    api = world.api
    (officer_a, unit_a, district_a), (officer_b, unit_b, _) = world.orgs.officer_units[:2]
    other_district_chair = world.orgs.districts[1].chair
    outsider_officer, outsider_unit, outsider_district = world.other.officer_units[0]
    dossier = await api.create_dossier(officer_a, unit_a, "GIAY_KHEN", nominees(1, 1), "Bí mật")
    dossier_id = dossier["id"]

    # Proposer, its district chair and the province chair see it.
    for user in (officer_a, district_a.chair, world.orgs.province_chair):
        r = await api.request("GET", f"/api/v1/dossiers/{dossier_id}", user)
        assert r.status_code == 200, (user, r.text)

    # A sibling unit, another district, another province: as if it did not exist.
    for user in (officer_b, other_district_chair, outsider_officer, outsider_district.chair):
        r = await api.request("GET", f"/api/v1/dossiers/{dossier_id}", user)
        assert r.status_code == 404, (user, r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        page = await api.call("GET", "/api/v1/dossiers", user, params={"q": dossier_id})
        assert page["total"] == 0, (user, page)
        assert page["items"] == [], (user, page)

    # Nobody outside can act on it; it stays untouched.
    for user, path, body in (
        (other_district_chair, "decisions", {"action": "approve", "comment": "x"}),
        (outsider_district.chair, "decisions", {"action": "reject", "comment": "x"}),
        (officer_b, "withdraw", {"comment": "x"}),
        (outsider_officer, "withdraw", {"comment": "x"}),
    ):
        r = await api.request("POST", f"/api/v1/dossiers/{dossier_id}/{path}", user, json=body)
        assert r.status_code in (403, 404), (user, path, r.status_code, r.text)
    # The proposer's officer cannot decide, and cannot submit in another org's name.
    r = await api.request(
        "POST",
        f"/api/v1/dossiers/{dossier_id}/decisions",
        officer_a,
        json={"action": "approve", "comment": "tự duyệt"},
    )
    assert r.status_code == 403, r.text
    r = await api.request(
        "POST",
        "/api/v1/dossiers",
        officer_a,
        json={
            "proposer_org": unit_b,
            "award_code": "GIAY_KHEN",
            "summary": "mạo danh",
            "nominees": nominees(2, 1),
        },
    )
    assert r.status_code == 403, r.text
    # Orgs/users administration is admin-only.
    r = await api.request(
        "POST",
        "/api/v1/orgs",
        officer_a,
        json={"code": "HACK1", "name": "x", "level": "unit", "parent_code": outsider_unit},
    )
    assert r.status_code == 403, r.text
    detail = await api.call("GET", f"/api/v1/dossiers/{dossier_id}", officer_a)
    assert detail["status"] == "in_review"
    assert [h["action"] for h in detail["history"]].count("approved") == 0

"""The authorization matrix: every role × every endpoint × own / other organisation.

One dossier from unit U1 (three-tier province P3) waits at district D1. Expected statuses:
in scope = proposer's subtree or an org on the route (U1, D1, P3); out of scope (U2, D2, P2,
C1, U3) → 404 on dossier endpoints. In scope but wrong role or org → 403.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")

OWN = ("U1", "D1", "P3")
OTHER = ("U2", "D2", "P2", "C1", "U3")
ROLES = ("officer", "chair", "viewer")


def expected_read(alias: str) -> int:
    return 200 if alias in OWN else 404


def expected_decide(alias: str, role: str) -> int:
    if role != "chair":
        return 403  # the role is checked first, before the body and the dossier's scope
    if alias not in OWN:
        return 404
    if alias != "D1":
        return 403
    return 422  # authorised; the workflow refuses a return without a comment


def expected_resubmit(alias: str, role: str) -> int:
    if role != "officer":
        return 403
    if alias not in OWN:
        return 404
    if alias != "U1":
        return 403
    return 409  # authorised; the dossier is in review, not returned


async def _dossier(client: httpx.AsyncClient, world: World) -> str:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    dossier_id: str = created.json()["id"]
    await eventually(
        client,
        f"/api/v1/dossiers/{dossier_id}",
        world.admin,
        lambda body: (body.get("stage") or {}).get("org_code") == world.code("D1"),
    )
    await eventually(
        client,
        "/api/v1/tasks",
        world.as_("D1", "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )
    return dossier_id


async def test_dossier_endpoints_matrix(client: httpx.AsyncClient, world: World) -> None:
    dossier_id = await _dossier(client, world)
    failures: list[tuple[Any, ...]] = []
    for alias in OWN + OTHER:
        for role in ROLES:
            headers = world.as_(alias, role)
            got = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=headers)
            if got.status_code != expected_read(alias):
                failures.append(("get", alias, role, got.status_code))
            listed = await client.get("/api/v1/dossiers", headers=headers)
            visible = dossier_id in {d["id"] for d in listed.json()["items"]}
            if visible != (alias in OWN):
                failures.append(("list", alias, role, visible))
            decided = await client.post(
                f"/api/v1/dossiers/{dossier_id}/decisions",
                json={"action": "return", "comment": ""},
                headers=headers,
            )
            if decided.status_code != expected_decide(alias, role):
                failures.append(("decide", alias, role, decided.status_code, decided.text))
            resubmitted = await client.post(
                f"/api/v1/dossiers/{dossier_id}/resubmit", json={"comment": "x"}, headers=headers
            )
            if resubmitted.status_code != expected_resubmit(alias, role):
                failures.append(("resubmit", alias, role, resubmitted.status_code))
            if not (alias == "U1" and role == "officer"):
                withdrawn = await client.post(
                    f"/api/v1/dossiers/{dossier_id}/withdraw", json={}, headers=headers
                )
                expected = 404 if role == "officer" and alias not in OWN else 403
                if withdrawn.status_code != expected:
                    failures.append(("withdraw", alias, role, withdrawn.status_code))
            tasks = await client.get("/api/v1/tasks", headers=headers)
            waiting = dossier_id in {t["id"] for t in tasks.json()["items"]}
            if waiting != (alias == "D1"):
                failures.append(("tasks", alias, role, waiting))
    admin_get = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.admin)
    admin_decide = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "x"},
        headers=world.admin,
    )
    assert (admin_get.status_code, admin_decide.status_code) == (200, 403)
    assert failures == []
    withdrawn = await client.post(
        f"/api/v1/dossiers/{dossier_id}/withdraw",
        json={"comment": "Rút"},
        headers=world.as_("U1", "officer"),
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


async def test_non_dossier_endpoints_matrix(client: httpx.AsyncClient, world: World) -> None:
    """Reads every role may do; admin-only writes; submit only for the proposer's officer;
    stats only for one's own subtree."""
    org = {"code": "MX-" + world.tag, "name": "x", "level": "unit", "parent_code": world.code("D1")}
    for alias in OWN + OTHER:
        for role in ROLES:
            headers = world.as_(alias, role)
            reads = [
                await client.get("/api/v1/me", headers=headers),
                await client.get("/api/v1/orgs", headers=headers),
                await client.get("/api/v1/awards", headers=headers),
                await client.get("/api/v1/calendar/holidays?year=2026", headers=headers),
                await client.get("/api/v1/stats", headers=headers),
                await client.get("/api/v1/public/postings"),
            ]
            assert [r.status_code for r in reads] == [200] * 6, (alias, role)
            writes = [
                await client.post("/api/v1/orgs", json=org, headers=headers),
                await client.put(
                    "/api/v1/calendar/overrides/2031-01-04",
                    json={"working": True},
                    headers=headers,
                ),
            ]
            assert [w.status_code for w in writes] == [403, 403], (alias, role)
            stats_u1 = await client.get(
                "/api/v1/stats", params={"org_code": world.code("U1")}, headers=headers
            )
            assert stats_u1.status_code == (200 if alias in ("U1", "D1", "P3") else 403)
            if not (alias == "U1" and role == "officer"):
                refused = await submit(client, world, proposer="U1", headers=headers)
                assert refused.status_code == 403, (alias, role)

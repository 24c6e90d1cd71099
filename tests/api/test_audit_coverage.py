"""Every state-changing action of a person is in the audit log (who, what, from where).

The first tests walk the app's routes: a mutating route (POST/PUT/PATCH/DELETE, API and web)
must either name the audit action it records or be listed below as an exemption with its
reason, so a new route cannot silently skip the log. The others run the actions the outside
audit found missing (creation, attachments, rounds) and read the log back: one entry each,
with the client's address.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from core import i18n
from tests.api.conftest import World, submit
from tests.documents.samples import PDF
from tests.drafts.helpers import draft

# (method, path) → the audit action the route records.
AUDITED: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/auth/token"): "auth.login",
    ("POST", "/api/v1/auth/logout"): "auth.logout",
    ("POST", "/api/v1/me/password"): "user.password_changed",
    ("PATCH", "/api/v1/users/{username}"): "user.updated",
    ("POST", "/api/v1/users/{username}/unlock"): "user.unlocked",
    ("POST", "/api/v1/orgs"): "org.created",
    ("PATCH", "/api/v1/orgs/{code}"): "org.updated",
    ("POST", "/api/v1/users"): "user.created",
    ("PUT", "/api/v1/calendar/overrides/{day}"): "calendar.override_set",
    ("DELETE", "/api/v1/calendar/overrides/{day}"): "calendar.override_removed",
    ("POST", "/api/v1/dossiers"): "dossier.create",
    ("POST", "/api/v1/dossiers/import"): "dossier.create",
    ("POST", "/api/v1/dossiers/{dossier_id}/decisions"): "dossier.approve",
    ("POST", "/api/v1/dossiers/{dossier_id}/submit"): "dossier.submit",
    ("POST", "/api/v1/dossiers/{dossier_id}/resubmit"): "dossier.resubmit",
    ("POST", "/api/v1/dossiers/{dossier_id}/withdraw"): "dossier.withdraw",
    ("POST", "/api/v1/dossiers/{dossier_id}/deadline-extensions"): "dossier.extend",
    ("POST", "/api/v1/dossiers/{dossier_id}/attachments"): "attachment.uploaded",
    ("PUT", "/api/v1/dossiers/{dossier_id}/attachments/{attachment_id}"): "attachment.replaced",
    ("DELETE", "/api/v1/dossiers/{dossier_id}/attachments/{attachment_id}"): "attachment.deleted",
    ("PUT", "/api/v1/orgs/{code}/signing-certificate"): "org.certificate_set",
    ("POST", "/api/v1/dossiers/{dossier_id}/documents/quyet-dinh/sign"): "decision.signed",
    (
        "POST",
        "/api/v1/dossiers/{dossier_id}/objections/{objection_id}/resolution",
    ): "dossier.objection_resolved",
    ("POST", "/api/v1/rounds"): "round.opened",
    ("POST", "/api/v1/rounds/{code}/close"): "round.closed",
    ("POST", "/api/v1/round-schedules"): "round.scheduled",
    ("PUT", "/api/v1/digest/schedule"): "digest.scheduled",
    ("POST", "/api/v1/digest/run"): "digest.run",
    ("POST", "/api/v1/registry"): "registry.recorded",
    ("POST", "/api/v1/registry/import"): "registry.imported",
    ("POST", "/api/v1/registry/discipline"): "registry.discipline_recorded",
    ("POST", "/api/v1/registry/initiatives"): "registry.initiative_recorded",
    ("POST", "/api/v1/outbox/{message_id}/retry"): "outbox.retried",
    ("POST", "/api/v1/outbox/retry-dead"): "outbox.retried",
    # the web pages run the same services
    ("POST", "/login"): "auth.login",
    ("POST", "/logout"): "auth.logout",
    ("POST", "/ho-so/moi"): "dossier.create",
    ("POST", "/ho-so/nhap-excel"): "dossier.create",
    ("POST", "/ho-so/{dossier_id}/quyet-dinh"): "dossier.approve",
    ("POST", "/ho-so/{dossier_id}/trinh-lai"): "dossier.resubmit",
    ("POST", "/ho-so/{dossier_id}/gia-han"): "dossier.extend",
    ("POST", "/ho-so/{dossier_id}/rut"): "dossier.withdraw",
    ("POST", "/ho-so/{dossier_id}/nop"): "dossier.submit",
    ("POST", "/ho-so/{dossier_id}/tai-lieu"): "attachment.uploaded",
    ("POST", "/ho-so/{dossier_id}/tai-lieu/{attachment_id}/thay"): "attachment.replaced",
    ("POST", "/ho-so/{dossier_id}/tai-lieu/{attachment_id}/xoa"): "attachment.deleted",
    ("POST", "/ho-so/{dossier_id}/ky-quyet-dinh"): "decision.signed",
    ("POST", "/ho-so/{dossier_id}/phan-anh/{reference}/xu-ly"): "dossier.objection_resolved",
    ("POST", "/dot-xet"): "round.opened",
    ("POST", "/dot-xet/{code}/ket-thuc"): "round.closed",
    ("POST", "/quan-tri/don-vi"): "org.created",
    ("POST", "/quan-tri/don-vi/{code}"): "org.updated",
    ("POST", "/quan-tri/don-vi/{code}/chung-thu"): "org.certificate_set",
    ("POST", "/quan-tri/tai-khoan"): "user.created",
    ("POST", "/quan-tri/tai-khoan/{username}"): "user.updated",
    ("POST", "/quan-tri/lich"): "calendar.override_set",
    ("POST", "/quan-tri/thu-chua-gui/{message_id}/gui-lai"): "outbox.retried",
    ("POST", "/quan-tri/thu-chua-gui/gui-lai-tat-ca"): "outbox.retried",
    ("POST", "/so-khen-thuong/them"): "registry.recorded",
    ("POST", "/so-khen-thuong/nhap-excel"): "registry.imported",
    ("POST", "/so-khen-thuong/ky-luat"): "registry.discipline_recorded",
    ("POST", "/so-khen-thuong/sang-kien"): "registry.initiative_recorded",
}

# (method, path) → why the route writes no audit entry.
EXEMPT: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/eligibility"): "a computation: nothing is stored",
    ("POST", "/ho-so/kiem-tra"): "a computation: nothing is stored",
    ("POST", "/api/v1/notifications/read"): "the reader's own read marks, not a decision",
    ("POST", "/thong-bao/da-doc"): "the reader's own read marks, not a decision",
    (
        "POST",
        "/api/v1/public/postings/{dossier_id}/objections",
    ): "an anonymous citizen: the objection itself is recorded with its address",
    ("POST", "/cong-khai/{dossier_id}/y-kien"): "an anonymous citizen (as the API route)",
}

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def _routes(routes: list[Any]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_routes(route.original_router.routes))
    return found


def _mutating(app: FastAPI) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in _routes(app.routes)
        for method in route.methods or ()
        if method in MUTATING
    }


def test_every_mutating_route_is_audited_or_exempt(app: FastAPI) -> None:
    routes = _mutating(app)
    assert len(routes) > 40  # the walk found the included routers' routes
    uncovered = routes - AUDITED.keys() - EXEMPT.keys()
    assert not uncovered, f"mutating routes with no audit action nor exemption: {uncovered}"
    stale = (AUDITED.keys() | EXEMPT.keys()) - routes
    assert not stale, f"listed routes the app no longer has: {stale}"
    assert not AUDITED.keys() & EXEMPT.keys()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_audit_action_has_words(lang: i18n.Lang) -> None:
    """The /nhat-ky page shows each action by its name in the reader's language."""
    i18n.set_lang(lang)
    missing = {a for a in AUDITED.values() if not i18n.has(f"audit.action.{a}")}
    assert not missing


async def _log(
    client: httpx.AsyncClient, world: World, since: str, target: str
) -> list[dict[str, Any]]:
    answer = await client.get(
        "/api/v1/audit", params={"since": since, "limit": 500}, headers=world.admin
    )
    assert answer.status_code == 200, answer.text
    return [e for e in answer.json()["items"] if e["target"].startswith(target)]


@pytest.mark.usefixtures("worker")
async def test_creation_is_logged_once_with_the_address(
    client: httpx.AsyncClient, world: World
) -> None:
    since = datetime.now(UTC).isoformat()
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    drafted = await draft(client, world)
    for dossier_id in (created.json()["id"], drafted["id"]):
        entries = await _log(client, world, since, dossier_id)
        assert [(e["action"], e["actor"], e["ip"]) for e in entries] == [
            ("dossier.create", f"officer.u1.{world.tag}".lower(), "127.0.0.1")
        ]


@pytest.mark.usefixtures("worker")
async def test_keyed_create_retried_is_logged_once(client: httpx.AsyncClient, world: World) -> None:
    since = datetime.now(UTC).isoformat()
    headers = world.as_("U1", "officer") | {"Idempotency-Key": f"audit-create-{world.tag}"}
    first = await submit(client, world, headers=headers)
    again = await submit(client, world, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert first.json()["id"] == again.json()["id"]
    entries = await _log(client, world, since, first.json()["id"])
    assert [e["action"] for e in entries] == ["dossier.create"]


@pytest.mark.usefixtures("worker")
async def test_attachments_are_logged(client: httpx.AsyncClient, world: World) -> None:
    since = datetime.now(UTC).isoformat()
    drafted = await draft(client, world)
    officer = world.as_("U1", "officer")
    base = f"/api/v1/dossiers/{drafted['id']}/attachments"
    added = await client.post(
        base,
        data={"kind": "to_trinh"},
        files={"file": ("to-trinh.pdf", PDF, "application/pdf")},
        headers=officer,
    )
    assert added.status_code == 201, added.text
    one = added.json()["id"]
    replaced = await client.put(
        f"{base}/{one}", files={"file": ("moi.pdf", PDF, "application/pdf")}, headers=officer
    )
    assert replaced.status_code == 200, replaced.text
    removed = await client.delete(f"{base}/{one}", headers=officer)
    assert removed.status_code == 204, removed.text
    entries = await _log(client, world, since, f"{drafted['id']}/")
    assert sorted((e["action"], e["target"], e["ip"]) for e in entries) == [
        (action, f"{drafted['id']}/{one}", "127.0.0.1")
        for action in ("attachment.deleted", "attachment.replaced", "attachment.uploaded")
    ]


@pytest.mark.usefixtures("worker")
async def test_opening_and_closing_a_round_are_logged(
    client: httpx.AsyncClient, world: World
) -> None:
    since = datetime.now(UTC).isoformat()
    code = f"AU-{world.tag}"
    chair = world.as_("P3", "chair")
    body = {
        "code": code,
        "name": f"Tổng kết năm 2026 ({code})",
        "year": 2026,
        "owner_org": world.code("P3"),
        "award_codes": ["GIAY_KHEN"],
        "submission_deadlines": {"unit": "P10D"},
    }
    keyed = {**chair, "Idempotency-Key": f"open-{code}"}
    opened = await client.post("/api/v1/rounds", json=body, headers=keyed)
    assert opened.status_code == 201, opened.text
    # the entry is committed with the opened round: there before the 201, once for a retry
    assert [e["action"] for e in await _log(client, world, since, code)] == ["round.opened"]
    again = await client.post("/api/v1/rounds", json=body, headers=keyed)
    assert (again.status_code, again.json()) == (201, opened.json())
    closed = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=chair)
    assert closed.status_code == 200, closed.text
    entries = await _log(client, world, since, code)
    assert sorted((e["action"], e["actor"], e["ip"]) for e in entries) == [
        (action, f"chair.p3.{world.tag}".lower(), "127.0.0.1")
        for action in ("round.closed", "round.opened")
    ]


async def test_the_registry_is_logged_by_record_id(client: httpx.AsyncClient, world: World) -> None:
    """Who recorded a discipline period or an initiative, from where; the target is the
    record's id, never the person's name (the audit log holds no personal data)."""
    since = datetime.now(UTC).isoformat()
    officer = world.as_("U1", "officer")
    person = {"name": "Lò Văn Páo"}
    discipline = await client.post(
        "/api/v1/registry/discipline",
        json={"person": person, "org_code": world.code("U1"), "from": "2025-03-01",
              "kind": "discipline"},
        headers=officer,
    )  # fmt: skip
    assert discipline.status_code == 201, discipline.text
    initiative = await client.post(
        "/api/v1/registry/initiatives",
        json={"person": person, "title": "Số hoá sổ điểm", "scope": "unit",
              "recognised_on": "2025-05-20"},
        headers=officer,
    )  # fmt: skip
    assert initiative.status_code == 201, initiative.text
    answer = await client.get(
        "/api/v1/audit", params={"since": since, "limit": 500}, headers=world.admin
    )
    mine = {
        (e["action"], e["target"], e["ip"])
        for e in answer.json()["items"]
        if e["action"].startswith("registry.")
    }
    assert ("registry.discipline_recorded", str(discipline.json()["id"]), "127.0.0.1") in mine
    assert ("registry.initiative_recorded", str(initiative.json()["id"]), "127.0.0.1") in mine
    assert not any("Páo" in target for _, target, _ in mine)

"""What must hold after a fault: dossiers finish, nothing is duplicated, projection = workflow."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import httpx

from bench.client import Api
from bench.names import nominees
from tests.support.stack import ProcessStack

FINAL = {"decided", "rejected", "withdrawn", "expired"}


async def create_dossiers(api: Api, officer: str, unit: str, count: int, tag: str) -> list[str]:
    ids = []
    for i in range(count):
        d = await api.create_dossier(
            officer, unit, "GIAY_KHEN", nominees(i, 2), f"Hồ sơ kiểm thử sự cố {tag} #{i}"
        )
        ids.append(d["id"])
    return ids


async def wait_for(
    api: Api, user: str, ids: list[str], pred: Any, within: float, what: str
) -> dict[str, dict[str, Any]]:
    """Poll GET /dossiers/{id} until `pred(detail)` holds for every id."""
    deadline = time.monotonic() + within
    latest: dict[str, dict[str, Any]] = {}
    pending = list(ids)
    while pending:
        for dossier_id in list(pending):
            r = await api.request("GET", f"/api/v1/dossiers/{dossier_id}", user)
            if r.status_code == 200:
                latest[dossier_id] = r.json()
                if pred(latest[dossier_id]):
                    pending.remove(dossier_id)
        if not pending:
            break
        if time.monotonic() > deadline:
            states = {i: (latest.get(i) or {}).get("status") for i in pending}
            raise AssertionError(f"not {what} within {within:.0f}s: {states}")
        await asyncio.sleep(0.3)
    return latest


def at_level(level: str) -> Any:
    return lambda d: d["status"] == "in_review" and (d.get("stage") or {}).get("level") == level


async def decide_until_done(api: Api, chair: str, dossier_id: str, within: float) -> None:
    """Approve; a 5xx while a dependency is down (or a 409 before the stage opens) is retried,
    and a 409 after the decision landed (retry of a request that did succeed) is accepted."""
    deadline = time.monotonic() + within
    while True:
        try:
            r = await api.request(
                "POST",
                f"/api/v1/dossiers/{dossier_id}/decisions",
                chair,
                json={"action": "approve", "comment": "Đồng ý"},
            )
        except httpx.TransportError as exc:  # the API dropped the connection: retry
            if time.monotonic() > deadline:
                raise AssertionError(f"no decision within {within:.0f}s: {exc!r}") from exc
            await asyncio.sleep(0.5)
            continue
        if r.status_code == 200:
            return
        if r.status_code == 409:
            d = await api.request("GET", f"/api/v1/dossiers/{dossier_id}", chair)
            if d.status_code == 200 and d.json()["status"] in FINAL:
                return
        elif r.status_code < 500:
            raise AssertionError(f"decision refused: {r.status_code} {r.text[:300]}")
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no decision within {within:.0f}s: {r.status_code} {r.text[:200]}"
            )
        await asyncio.sleep(0.5)


async def _outbox_with_decision(
    stack: ProcessStack, dossier_id: str, within: float
) -> list[tuple[Any, ...]]:
    deadline = time.monotonic() + within
    while True:
        outbox = stack.sql(
            "select recipient, kind, subject, event_key from outbox where dossier_id = %s",
            dossier_id,
        )
        if any(kind == "decided" for _, kind, _, _ in outbox) or time.monotonic() > deadline:
            return outbox
        await asyncio.sleep(0.3)


async def assert_consistent(stack: ProcessStack, api: Api, user: str, ids: list[str]) -> None:
    """Every dossier is decided; its events and notifications are not duplicated; the list
    item and the database rows equal the dossier's workflow state."""
    details = await wait_for(api, user, ids, lambda d: d["status"] == "decided", 60, "decided")
    for dossier_id, detail in details.items():
        page = await api.call("GET", "/api/v1/dossiers", user, params={"q": dossier_id})
        items = [i for i in page["items"] if i["id"] == dossier_id]
        assert len(items) == 1, page
        item = items[0]
        for key in ("award_code", "proposer_org", "status", "stage"):
            assert item[key] == detail[key], (key, item[key], detail[key])
        rows = stack.sql(
            "select status, stage_level, round, decision->>'number' from dossiers where id = %s",
            dossier_id,
        )
        assert rows == [(detail["status"], None, detail["round"], detail["decision"]["number"])], (
            rows
        )
        outcomes = stack.sql(
            "select id, outcome from nominees where dossier_id = %s order by position", dossier_id
        )
        assert outcomes == [(n["id"], n["outcome"]) for n in detail["nominees"]]
        assert all(n["outcome"] == "approved" for n in detail["nominees"])

        history = [(h["action"], h["level"], h["at"]) for h in detail["history"]]
        assert len(history) == len(set(history)), f"duplicated history: {history}"
        actions = Counter(h["action"] for h in detail["history"])
        assert actions["decided"] == 1, actions
        events = stack.sql(
            "select action, level, at, event_key from dossier_events where dossier_id = %s",
            dossier_id,
        )
        assert len(events) == len(detail["history"]), (events, detail["history"])
        assert len({(a, lv, at) for a, lv, at, _ in events}) == len(events), events
        assert len({key for *_, key in events}) == len(events), events

        # Notifications are queued by the workflow after the decision is visible (the update
        # returns first): wait for the "decided" one, then check that nothing is doubled.
        outbox = await _outbox_with_decision(stack, dossier_id, within=30)
        assert outbox, "no notification at all"
        per_message = Counter((r, k, s) for r, k, s, _ in outbox)
        dup = [m for m, c in per_message.items() if c > 1]
        assert not dup, f"duplicated notifications: {dup}"
        assert Counter(k for _, k, _, _ in outbox)["decided"] >= 1, outbox

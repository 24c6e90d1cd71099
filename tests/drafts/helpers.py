"""Steps shared by the drafts and objections tests."""

from __future__ import annotations

from typing import Any

import httpx

from domain.documents import documents_summary
from tests.api.conftest import World
from tests.documents.samples import PDF


async def draft(
    http: httpx.AsyncClient,
    world: World,
    *,
    award_code: str = "GIAY_KHEN",
    proposer: str = "U1",
    names: tuple[str, ...] = ("Nguyễn Văn An",),
) -> dict[str, Any]:
    body = {
        "proposer_org": world.code(proposer),
        "award_code": award_code,
        "summary": "Thành tích xuất sắc năm 2026",
        "nominees": [{"kind": "individual", "name": n} for n in names],
        "draft": True,
    }
    answer = await http.post("/api/v1/dossiers", json=body, headers=world.as_(proposer, "officer"))
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def attach_required(
    http: httpx.AsyncClient, world: World, dossier: dict[str, Any], *, proposer: str = "U1"
) -> list[str]:
    """Upload every paper the first stage of the dossier's route requires; their kinds (a
    draft has no route yet: its checklist is judged where it goes when submitted)."""
    route = dossier["route"]
    if route:
        level = route[1] if len(route) > 1 else route[0]
        summary = documents_summary(dossier["award_code"], level, False, ())
        kinds = [k.value for k in summary.required]
    else:
        read = await http.get(
            f"/api/v1/dossiers/{dossier['id']}", headers=world.as_(proposer, "officer")
        )
        assert read.status_code == 200, read.text
        kinds = list(read.json()["documents"]["required"])
    for kind in kinds:
        answer = await http.post(
            f"/api/v1/dossiers/{dossier['id']}/attachments",
            data={"kind": kind},
            files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
            headers=world.as_(proposer, "officer"),
        )
        assert answer.status_code == 201, answer.text
    return kinds


async def submitted(
    http: httpx.AsyncClient, world: World, *, award_code: str = "GIAY_KHEN"
) -> dict[str, Any]:
    """A draft with its papers, submitted."""
    created = await draft(http, world, award_code=award_code)
    await attach_required(http, world, created)
    answer = await http.post(
        f"/api/v1/dossiers/{created['id']}/submit", json={}, headers=world.as_("U1", "officer")
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body

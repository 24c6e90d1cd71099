"""`Idempotency-Key` on every POST that creates (contract §2, audit A5 findings 2–4), over HTTP
against the real app, PostgreSQL and Temporal: the dossier import, rounds, attachments, the award
registry (one record, the workbook), the discipline and the initiative registers.

For each route: the same key and body twice → the same status and JSON, one effect; the same key
with another body → 409 naming `Idempotency-Key` in Vietnamese, nothing made; two users with one
key → independent; three identical requests at once → one effect, the same answer thrice."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.api.conftest import World, submit
from tests.documents import samples
from tests.documents.test_excel import workbook
from tests.registry.workbook import xlsx

pytestmark = pytest.mark.usefixtures("worker")

Send = Callable[[str, int, str], Awaitable[httpx.Response]]  # (user, variant, key) → answer
Count = Callable[[int], Awaitable[int]]  # variant → how many exist
KEY_REUSED = "Khóa Idempotency-Key đã dùng cho một yêu cầu khác"


def new_key() -> str:
    return f"k-{uuid.uuid4().hex}"


async def check_route(send: Send, count: Count, users: tuple[str, str], created: int) -> None:
    """(a) replay, (b) another body, (c) another user, (d) three at once."""
    first, other = users
    key = new_key()
    one = await send(first, 0, key)
    assert one.status_code == created, one.text
    again = await send(first, 0, key)
    assert (again.status_code, again.json()) == (one.status_code, one.json())
    assert await count(0) == 1

    reused = await send(first, 1, key)
    assert reused.status_code == 409, reused.text
    problem = reused.json()
    assert [e["field"] for e in problem["errors"]] == ["Idempotency-Key"]
    assert KEY_REUSED in problem["errors"][0]["message"]
    assert await count(1) == 0

    theirs = await send(other, 2, key)  # another user's key is theirs alone
    assert theirs.status_code == created, theirs.text
    assert await count(2) == 1
    assert (await send(first, 0, key)).json() == one.json()

    key = new_key()
    answers = await asyncio.gather(*(send(first, 4, key) for _ in range(3)))
    assert {a.status_code for a in answers} == {created}, [a.text for a in answers]
    assert all(a.json() == answers[0].json() for a in answers)
    assert await count(4) == 1


def tagged(world: World, variant: int) -> str:
    return f"Khóa {world.tag} {chr(ord('A') + variant)} {uuid.uuid4().hex[:4]}"


async def test_dossier_import(client: httpx.AsyncClient, world: World) -> None:
    names: dict[int, str] = {}
    users = {"U1": ("U1", "officer"), "U2": ("U2", "officer")}

    files: dict[int, bytes] = {}  # a workbook saved twice differs (its timestamps): once each

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        if variant not in files:
            names[variant] = names[0] if variant == 1 else tagged(world, variant)
            job = "Kế toán" if variant == 1 else "Giáo viên"  # variant 1: the form, another file
            files[variant] = workbook([(names[variant], "Cá nhân", job, "Nữ", "Có")])
        return await client.post(
            "/api/v1/dossiers/import",
            data={
                "proposer_org": world.code(user),
                "award_code": "GIAY_KHEN",
                "summary": "Nhập từ Excel",
                "year": "2026",
            },
            files={"file": ("danh-sach.xlsx", files[variant], "")},
            headers={**world.as_(*users[user]), "Idempotency-Key": key},
        )

    async def count(variant: int) -> int:
        found = await client.get(
            "/api/v1/dossiers", params={"q": names[variant]}, headers=world.admin
        )
        total = int(found.json()["total"])
        return total - 1 if variant == 1 else total  # variant 1 names variant 0's nominee

    await check_route(send, count, ("U1", "U2"), 201)


async def test_dossier_import_form_field_is_in_the_hash(
    client: httpx.AsyncClient, world: World
) -> None:
    """The same file with another summary is another request."""
    key, name = new_key(), tagged(world, 0)
    data = workbook([(name, "Cá nhân", "Giáo viên", "Nữ", "Có")])

    async def send(summary: str) -> httpx.Response:
        return await client.post(
            "/api/v1/dossiers/import",
            data={"proposer_org": world.code("U1"), "award_code": "GIAY_KHEN", "summary": summary},
            files={"file": ("danh-sach.xlsx", data, "")},
            headers={**world.as_("U1", "officer"), "Idempotency-Key": key},
        )

    assert (await send("Nhập từ Excel")).status_code == 201
    refused = await send("Nhập từ Excel (sửa)")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "Idempotency-Key"
    found = await client.get("/api/v1/dossiers", params={"q": name}, headers=world.admin)
    assert found.json()["total"] == 1


async def test_rounds(client: httpx.AsyncClient, world: World) -> None:
    codes: dict[int, str] = {}
    owners = {"P3": "P3", "P2": "P2"}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        code = codes.setdefault(variant, f"KH-{world.tag}-{uuid.uuid4().hex[:6].upper()}")
        body = {
            "code": code,
            "name": f"Đợt thử khóa {variant}",
            "year": 2026,
            "owner_org": world.code(owners[user]),
            "award_codes": ["GIAY_KHEN"],
            "submission_deadlines": {"unit": "P30D"},
        }
        headers = {**world.as_(user, "chair"), "Idempotency-Key": key}
        return await client.post("/api/v1/rounds", json=body, headers=headers)

    async def count(variant: int) -> int:
        found = await client.get(f"/api/v1/rounds/{codes[variant]}", headers=world.admin)
        assert found.status_code in (200, 404), found.text
        return int(found.status_code == 200)

    await check_route(send, count, ("P3", "P2"), 201)


async def test_round_same_code_other_name_names_the_key(
    client: httpx.AsyncClient, world: World
) -> None:
    """The audit's second case: the same code, another name, one key → the key is named."""
    key, code = new_key(), f"KN-{world.tag}-{uuid.uuid4().hex[:6].upper()}"
    body = {
        "code": code,
        "name": "Đợt A",
        "year": 2026,
        "owner_org": world.code("P3"),
        "award_codes": ["GIAY_KHEN"],
        "submission_deadlines": {"unit": "P30D"},
    }
    headers = {**world.as_("P3", "chair"), "Idempotency-Key": key}
    assert (await client.post("/api/v1/rounds", json=body, headers=headers)).status_code == 201
    other = await client.post("/api/v1/rounds", json={**body, "name": "Đợt B"}, headers=headers)
    assert other.status_code == 409
    assert other.json()["errors"] == [
        {"field": "Idempotency-Key", "message": other.json()["errors"][0]["message"]}
    ]
    assert KEY_REUSED in other.json()["detail"]


async def test_attachments(client: httpx.AsyncClient, world: World) -> None:
    dossiers: dict[str, str] = {}
    for user in ("U1", "U2"):
        created = await submit(client, world, proposer=user)
        assert created.status_code == 201, created.text
        dossiers[user] = created.json()["id"]
    kinds = {0: "to_trinh", 1: "to_trinh", 2: "bien_ban", 3: "khac", 4: "bao_cao_thanh_tich"}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        data = samples.PDF if variant != 1 else samples.PDF + b"% another file\n"
        return await client.post(
            f"/api/v1/dossiers/{dossiers[user]}/attachments",
            data={"kind": kinds[variant]},
            files={"file": ("to-trinh.pdf", data, "application/pdf")},
            headers={**world.as_(user, "officer"), "Idempotency-Key": key},
        )

    async def count(variant: int) -> int:
        user = "U2" if variant == 2 else "U1"
        listed = await client.get(
            f"/api/v1/dossiers/{dossiers[user]}/attachments", headers=world.admin
        )
        items: list[dict[str, Any]] = listed.json()["items"]
        if variant in (0, 1):  # variant 1 differs by its bytes only: one to_trinh in all
            return int(sum(i["kind"] == "to_trinh" for i in items)) - (variant == 1)
        return int(sum(i["kind"] == kinds[variant] for i in items))

    await check_route(send, count, ("U1", "U2"), 201)


def person(name: str) -> dict[str, Any]:
    return {"name": name}


async def registry_count(client: httpx.AsyncClient, world: World, path: str, name: str) -> int:
    found = await client.get(path, params={"q": name}, headers=world.admin)
    assert found.status_code == 200, found.text
    return int(found.json()["total"])


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        (
            "/api/v1/registry",
            lambda org, variant: {
                "org_code": org,
                "award_code": "GIAY_KHEN",
                "year": 2024,
                "decision_number": f"{15 + (variant == 1)}/QĐ-UBND",
                "decision_date": "2025-01-10",
            },
        ),
        (
            "/api/v1/registry/discipline",
            lambda org, variant: {
                "org_code": org,
                "from": "2025-03-01",
                "to": "2026-02-28",
                "kind": "discipline",
                "note": "Khiển trách" + (" (sửa)" if variant == 1 else ""),
            },
        ),
        (
            "/api/v1/registry/initiatives",
            lambda org, variant: {
                "org_code": org,
                "title": "Sổ tay tiếp dân điện tử" + (" 2" if variant == 1 else ""),
                "scope": "unit",
                "recognised_on": "2026-06-01",
            },
        ),
    ],
    ids=["registry", "discipline", "initiatives"],
)
async def test_registers(
    client: httpx.AsyncClient,
    world: World,
    path: str,
    payload: Callable[[str, int], dict[str, Any]],
) -> None:
    names: dict[int, str] = {}
    orgs = {"U1": "U1", "D1": "U1"}  # D1's officer writes for U1 too (the org above)

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        # variant 1 is variant 0's person with another detail
        name = names.setdefault(variant, names[0] if variant == 1 else tagged(world, variant))
        body = {"person": person(name), **payload(world.code(orgs[user]), variant)}
        headers = {**world.as_(user, "officer"), "Idempotency-Key": key}
        return await client.post(path, json=body, headers=headers)

    async def count(variant: int) -> int:
        total = await registry_count(client, world, path, names[variant])
        return total - 1 if variant == 1 else total

    await check_route(send, count, ("U1", "D1"), 201)


async def test_registry_import(client: httpx.AsyncClient, world: World) -> None:
    names: dict[int, str] = {}
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    files: dict[int, bytes] = {}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        if variant not in files:
            name = names.setdefault(variant, names[0] if variant == 1 else tagged(world, variant))
            number = f"{15 + (variant == 1)}/QĐ-UBND"  # variant 1: variant 0's person
            row = (name, None, None, world.code("U1"), "GIAY_KHEN", 2024, number, "2025-01-10")
            files[variant] = xlsx([row])
        return await client.post(
            "/api/v1/registry/import",
            files={"file": ("so-khen-thuong.xlsx", files[variant], xlsx_type)},
            headers={**world.as_(user, "officer"), "Idempotency-Key": key},
        )

    async def count(variant: int) -> int:
        total = await registry_count(client, world, "/api/v1/registry", names[variant])
        return total - 1 if variant == 1 else total

    await check_route(send, count, ("U1", "D1"), 200)

"""`Idempotency-Key` on signing the quyết định and on a citizen's objection (contract §2, §14,
§15, §16), over HTTP against the real app, PostgreSQL and Temporal.

Signing: the same key twice → the first 201 (without a key the second is a 409 'already
signed'), one signed row and one audit entry; the same key on another dossier → 409 naming
the key. A citizen's objection: nobody is signed in, so the key is held by the client
address; a retry after the workflow recorded the objection but before the API answered reaches
the same update and answers the same reference, never a second objection."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from api.services import temporal_gateway
from store.models import SignedDocument
from store.pki import issue_pkcs12, make_ca
from tests.api.conftest import World, build_world, submit
from tests.documents.keyed import Crash, approve_at, audits, dies_after_answer, unanswered
from tests.documents.test_keys_everywhere import check_route, new_key
from tests.documents.test_signing import put_cert

pytestmark = pytest.mark.usefixtures("worker")


@pytest.fixture(scope="module")
async def world(client: httpx.AsyncClient) -> World:
    """A world of its own: these tests give its districts signing certificates, and other
    files' tests expect the shared world's districts to have none."""
    return await build_world(client)


async def decided_at(client: httpx.AsyncClient, world: World, unit: str, district: str) -> str:
    """A GIAY_KHEN dossier of ``unit`` approved (so decided) by ``district``'s chair."""
    created = await submit(client, world, proposer=unit)
    assert created.status_code == 201, created.text
    dossier_id: str = created.json()["id"]
    await decide(client, world, dossier_id, district)
    return dossier_id


async def decide(client: httpx.AsyncClient, world: World, dossier_id: str, district: str) -> None:
    answer = await approve_at(client, world, dossier_id, district, "Đồng ý")
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "decided"


async def certify(client: httpx.AsyncClient, world: World, *districts: str) -> None:
    ca_key, ca_cert = make_ca("CA thử nghiệm khóa")
    for district in districts:
        code = world.code(district)
        p12 = issue_pkcs12(ca_key, ca_cert, code, f"Ủy ban nhân dân {district}", b"mat-khau")
        answer = await put_cert(client, world, code, p12, "mat-khau")
        assert answer.status_code == 200, answer.text


def sign_path(dossier_id: str) -> str:
    return f"/api/v1/dossiers/{dossier_id}/documents/quyet-dinh/sign"


async def signatures(app: FastAPI, dossier_id: str) -> int:
    async with app.state.tdkt.sessions() as session:
        rows = await session.scalar(
            select(func.count())
            .select_from(SignedDocument)
            .where(SignedDocument.dossier_id == dossier_id)
        )
    found = int(rows or 0)
    assert await audits(app, "decision.signed", dossier_id) == found
    return found


async def test_signing(client: httpx.AsyncClient, world: World, app: FastAPI) -> None:
    """Variant 1 is another dossier of the same chair: the same key there is another body."""
    await certify(client, world, "D1", "D2")
    dossiers = {v: await decided_at(client, world, "U1", "D1") for v in (0, 1, 4)}
    dossiers[2] = await decided_at(client, world, "U2", "D2")

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        headers = {**world.as_(user, "chair"), "Idempotency-Key": key}
        return await client.post(sign_path(dossiers[variant]), headers=headers)

    async def count(variant: int) -> int:
        return await signatures(app, dossiers[variant])

    await check_route(send, count, ("D1", "D2"), 201)
    unkeyed = await client.post(sign_path(dossiers[0]), headers=world.as_("D1", "chair"))
    assert unkeyed.status_code == 409  # signed once: without a key a resend is refused


async def test_signing_after_a_crash_and_after_a_refusal(
    client: httpx.AsyncClient, world: World, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API dies right after the signature and the key's answer commit: the retry replays
    the 201 (no second signature, no 409). A refused signing (not decided yet) releases its
    key: once the dossier is decided, the same key signs."""
    await certify(client, world, "D1")
    dossier_id = await decided_at(client, world, "U1", "D1")
    headers = {**world.as_("D1", "chair"), "Idempotency-Key": new_key()}
    sign = partial(client.post, sign_path(dossier_id), headers=headers)
    with dies_after_answer(monkeypatch) as answered:
        await unanswered(sign)
    assert answered == [headers["Idempotency-Key"]]
    assert await signatures(app, dossier_id) == 1  # committed before the API died
    retried = await sign()
    assert retried.status_code == 201, retried.text
    assert retried.json()["signed_by"] == f"chair.d1.{world.tag}".lower()
    assert await signatures(app, dossier_id) == 1

    created = await submit(client, world)  # not decided yet: signing it is refused
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    headers = {**world.as_("D1", "chair"), "Idempotency-Key": new_key()}
    refused = await client.post(sign_path(dossier_id), headers=headers)
    assert refused.status_code == 409, refused.text
    await decide(client, world, dossier_id, "D1")
    signed = await client.post(sign_path(dossier_id), headers=headers)
    assert signed.status_code == 201, signed.text
    assert await signatures(app, dossier_id) == 1


async def posted(client: httpx.AsyncClient, world: World) -> str:
    """An order of labour (HCLD_3) approved by the district: in public posting at the province."""
    nominee: dict[str, object] = {"kind": "individual", "name": "Vũ Thị Thu Hằng"}
    created = await submit(client, world, award_code="HCLD_3", nominees=[nominee])
    assert created.status_code == 201, created.text
    dossier_id: str = created.json()["id"]
    answer = await approve_at(client, world, dossier_id, "D1", "Đồng ý trình tỉnh")
    assert answer.status_code == 200, answer.text
    assert answer.json()["stage"]["phase"] == "public_posting", answer.text
    return dossier_id


@pytest.fixture
async def citizens(app: FastAPI) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """A client per address (each its own citizen; the rate limit counts per address)."""
    made: dict[str, httpx.AsyncClient] = {}

    def at(address: str) -> httpx.AsyncClient:
        if address not in made:
            transport = httpx.ASGITransport(app=app, client=(address, 50_000))
            made[address] = httpx.AsyncClient(transport=transport, base_url="http://tdkt.test")
        return made[address]

    yield at
    for http in made.values():
        await http.aclose()


def an_address() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}"  # TEST-NET-2: no real client


async def objections_with(
    client: httpx.AsyncClient, world: World, dossier_id: str, content: str
) -> int:
    listed = await client.get(f"/api/v1/dossiers/{dossier_id}/objections", headers=world.admin)
    assert listed.status_code == 200, listed.text
    items: list[dict[str, Any]] = listed.json()["items"]
    return sum(item["content"] == content for item in items)


async def test_a_citizens_objection(
    client: httpx.AsyncClient, world: World, citizens: Callable[[str], httpx.AsyncClient]
) -> None:
    """The two 'users' are two client addresses: one key at two addresses is two objections."""
    dossier_id = await posted(client, world)
    path = f"/api/v1/public/postings/{dossier_id}/objections"
    addresses = {"A": an_address(), "B": f"2001:db8::{uuid.uuid4().hex[:4]}"}
    contents = {v: f"Ý kiến {v} {uuid.uuid4().hex[:6]}: đề nghị xem xét lại" for v in range(5)}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        body = {"content": contents[variant], "contact": "0912 345 678"}
        return await citizens(addresses[user]).post(
            path, json=body, headers={"Idempotency-Key": key}
        )

    async def count(variant: int) -> int:
        return await objections_with(client, world, dossier_id, contents[variant])

    await check_route(send, count, ("A", "B"), 201)


async def test_an_objection_recorded_before_a_crash_is_answered_once(
    client: httpx.AsyncClient,
    world: World,
    citizens: Callable[[str], httpx.AsyncClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workflow recorded the objection; the API died before it answered. The retry (same
    address, key and body) reaches the same ``object`` update, whose reference came from the
    key: it answers that objection (201, the same reference), and there is only one."""
    dossier_id = await posted(client, world)
    citizen = citizens(an_address())
    content = f"Ý kiến trước sự cố {uuid.uuid4().hex[:6]}"
    headers = {"Idempotency-Key": new_key()}
    send = partial(
        citizen.post,
        f"/api/v1/public/postings/{dossier_id}/objections",
        json={"content": content},
        headers=headers,
    )
    update = temporal_gateway.execute_update

    async def update_then_die(**kwargs: Any) -> Any:
        await update(**kwargs)
        raise Crash("after the objection was recorded")

    with monkeypatch.context() as patched:
        patched.setattr(temporal_gateway, "execute_update", update_then_die)
        await unanswered(send)
    assert await objections_with(client, world, dossier_id, content) == 1
    retried = await send()
    assert retried.status_code == 201, retried.text
    reference = retried.json()["reference"]
    assert await objections_with(client, world, dossier_id, content) == 1
    found = await citizen.get(f"/api/v1/public/objections/{reference}")
    assert found.status_code == 200, found.text
    assert (await send()).json() == retried.json()  # answered now: replayed


async def test_an_unkeyed_objection_sent_twice_is_two(
    client: httpx.AsyncClient, world: World, citizens: Callable[[str], httpx.AsyncClient]
) -> None:
    """Without a key nothing ties two sends together (as before): two references."""
    dossier_id = await posted(client, world)
    citizen = citizens(an_address())
    body = {"content": f"Ý kiến không khóa {uuid.uuid4().hex[:6]}"}
    path = f"/api/v1/public/postings/{dossier_id}/objections"
    first, second = [await citizen.post(path, json=body) for _ in range(2)]
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] != second.json()["reference"]
    assert await objections_with(client, world, dossier_id, body["content"]) == 2

"""An org's signing certificate (contract §14): PUT a PKCS#12 + password, GET its public facts
(subject, issuer, validity, SHA-256 fingerprint; never the key). A damaged file, a wrong
password or an expired certificate is a 422 naming its field, and nothing is stored."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12

from store.pki import issue_pkcs12, make_ca
from tests.api.conftest import World

CA = make_ca("CA thử nghiệm chứng thư")


def p12(name: str, password: bytes = b"mat-khau", days: int = 365) -> bytes:
    return issue_pkcs12(*CA, "ORG", name, password, days=days)


def fingerprint(data: bytes, password: bytes = b"mat-khau") -> str:
    cert = pkcs12.load_key_and_certificates(data, password)[1]
    assert cert is not None
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


async def put(
    client: httpx.AsyncClient, headers: dict[str, str], code: str, data: bytes, password: str
) -> httpx.Response:
    return await client.put(
        f"/api/v1/orgs/{code}/signing-certificate",
        data={"password": password},
        files={"file": ("con-dau.p12", data, "application/x-pkcs12")},
        headers=headers,
    )


async def get(client: httpx.AsyncClient, headers: dict[str, str], code: str) -> httpx.Response:
    return await client.get(f"/api/v1/orgs/{code}/signing-certificate", headers=headers)


async def new_org(client: httpx.AsyncClient, world: World) -> str:
    code = f"CT-{uuid.uuid4().hex[:6].upper()}"
    body = {"code": code, "name": "Trường THCS Chứng Thư", "level": "unit"}
    body["parent_code"] = world.code("D1")
    created = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    return code


async def test_the_certificate_is_set_and_its_public_facts_read(
    client: httpx.AsyncClient, world: World
) -> None:
    code = await new_org(client, world)
    none_yet = await get(client, world.admin, code)
    assert none_yet.status_code == 404
    assert "Trường THCS Chứng Thư" in none_yet.json()["detail"]  # named, not coded
    data = p12("Trường THCS Chứng Thư")
    since = datetime.now(UTC).isoformat()
    answer = await put(client, world.admin, code, data, "mat-khau")
    assert answer.status_code == 200, answer.text
    facts: dict[str, Any] = (await get(client, world.admin, code)).json()
    assert facts["subject"] == "CN=Trường THCS Chứng Thư,O=ORG,C=VN"
    assert facts["issuer"] == "CN=CA thử nghiệm chứng thư,O=tdkt,C=VN"
    assert facts["fingerprint_sha256"] == fingerprint(data)
    assert facts["not_before"] < facts["not_after"]
    assert facts["uploaded_by"] == "admin"
    assert {k: answer.json()[k] for k in ("subject", "issuer", "fingerprint_sha256")} == {
        k: facts[k] for k in ("subject", "issuer", "fingerprint_sha256")
    }
    assert not {"pkcs12", "password", "key"} & set(facts)
    log = await client.get("/api/v1/audit", params={"since": since}, headers=world.admin)
    assert [(e["action"], e["target"]) for e in log.json()["items"] if e["target"] == code] == [
        ("org.certificate_set", code)
    ]


def _damaged() -> bytes:
    good = bytearray(p12("Hỏng"))
    return bytes(good[: len(good) // 2])


REFUSALS = [
    (lambda: p12("Sai mật khẩu"), "sai-mat-khau", "password", "Mật khẩu không mở được"),
    (lambda: b"day khong phai p12", "mat-khau", "file", "không phải PKCS#12"),
    (_damaged, "mat-khau", "file", "không phải PKCS#12"),
    (lambda: p12("Hết hạn", days=-1), "mat-khau", "file", "đã hết hạn ngày"),
    (lambda: b"", "mat-khau", "file", "Thiếu tệp PKCS#12"),
]


@pytest.mark.parametrize(("data", "password", "field", "words"), REFUSALS)
async def test_refusals_name_the_field_and_store_nothing(
    client: httpx.AsyncClient, world: World, data: Any, password: str, field: str, words: str
) -> None:
    code = await new_org(client, world)
    kept = p12("Chứng thư đang dùng")
    assert (await put(client, world.admin, code, kept, "mat-khau")).status_code == 200
    before = (await get(client, world.admin, code)).json()
    answer = await put(client, world.admin, code, data(), password)
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert words in answer.json()["errors"][0]["message"]
    assert (await get(client, world.admin, code)).json() == before  # the old one stays


async def test_refusals_in_english(client: httpx.AsyncClient, world: World) -> None:
    code = await new_org(client, world)
    headers = world.admin | {"Accept-Language": "en"}
    answer = await put(client, headers, code, p12("Wrong"), "wrong")
    assert answer.status_code == 422
    assert answer.json()["errors"][0] == {
        "field": "password",
        "message": "Password: The password does not open the PKCS#12 file "
        "(a wrong password, or the file was altered)",
    }


async def test_only_admins_read_it_and_unknown_orgs_are_404(
    client: httpx.AsyncClient, world: World
) -> None:
    code = await new_org(client, world)
    assert (await put(client, world.admin, code, p12("Đơn vị"), "mat-khau")).status_code == 200
    for who in (("D1", "chair"), ("U1", "officer"), ("U1", "viewer")):
        assert (await get(client, world.as_(*who), code)).status_code == 403
    assert (await client.get(f"/api/v1/orgs/{code}/signing-certificate")).status_code == 401
    assert (await get(client, world.admin, "KHONG-CO")).status_code == 404

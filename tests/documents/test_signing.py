"""PAdES signing of the quyết định with the deciding org's certificate, verified by pyHanko's
validator against the CA; a changed byte fails validation. Plus the demo PKI of `make run`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import func, select

from core.crypto import secrets_fernet
from core.settings import Settings
from domain.calendar import VN_TZ
from store.db import make_engine, make_sessionmaker
from store.models import AuditEntry, SignedDocument, SigningCertificate
from store.pki import issue_pkcs12, make_ca
from store.seed import seed_all
from tests.api.conftest import ADMIN_PASSWORD, World
from tests.documents.conftest import decided
from tests.support.pdf_signatures import validate

pytestmark = pytest.mark.usefixtures("worker")


async def put_cert(
    client: httpx.AsyncClient,
    world: World,
    code: str,
    p12: bytes,
    password: str,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.put(
        f"/api/v1/orgs/{code}/signing-certificate",
        data={"password": password},
        files={"file": ("seal.p12", p12, "application/x-pkcs12")},
        headers=headers or world.admin,
    )


async def test_the_deciding_chair_signs_and_anyone_can_verify(
    client: httpx.AsyncClient, world: World
) -> None:
    ca_key, ca_cert = make_ca("CA thử nghiệm tdkt")
    p12 = issue_pkcs12(ca_key, ca_cert, world.code("D1"), "Ủy ban nhân dân huyện thử", b"mat-khau")
    dossier = await decided(client, world)
    sign_path = f"/api/v1/dossiers/{dossier['id']}/documents/quyet-dinh/sign"
    chair = world.as_("D1", "chair")
    signed_path = f"/api/v1/dossiers/{dossier['id']}/documents/quyet-dinh.signed.pdf"

    assert (await client.get(signed_path, headers=chair)).status_code == 404
    no_certificate = await client.post(sign_path, headers=chair)
    assert no_certificate.status_code == 409
    assert no_certificate.json()["detail"].startswith("district D1 thử chưa có chứng thư số")
    assert (await put_cert(client, world, world.code("D1"), p12, "sai-mat-khau")).status_code == 422
    assert (await put_cert(client, world, world.code("D1"), b"not a p12", "x")).status_code == 422
    assert (await put_cert(client, world, "KHONG-CO", p12, "mat-khau")).status_code == 404
    forbidden = await put_cert(client, world, world.code("D1"), p12, "mat-khau", headers=chair)
    assert forbidden.status_code == 403
    answer = await put_cert(client, world, world.code("D1"), p12, "mat-khau")
    assert answer.status_code == 200, answer.text
    assert "Ủy ban nhân dân huyện thử" in answer.json()["subject"]

    for who in (("D1", "officer"), ("U1", "chair"), ("P3", "chair")):
        assert (await client.post(sign_path, headers=world.as_(*who))).status_code == 403
    other = (await client.post(sign_path, headers=world.as_("P3", "chair"))).json()["detail"]
    # named by who signs it: the head of the deciding org, by title
    assert other == "Chỉ Chủ tịch district D1 thử (người ký quyết định) được ký"
    signed = await client.post(sign_path, headers=chair)
    assert signed.status_code == 201, signed.text
    assert signed.json()["org_code"] == world.code("D1")

    got = await client.get(signed_path, headers=world.as_("U1", "viewer"))
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert await validate(got.content, ca_cert) == (True, True)
    assert (await validate(got.content, make_ca("Một CA khác")[1]))[
        1
    ] is False  # untrusted elsewhere

    tampered = bytearray(got.content)
    position = got.content.index(b"stream") + 20  # inside the signed page content
    tampered[position] ^= 0x01
    try:
        intact, _trusted = await validate(bytes(tampered), ca_cert)
    except Exception:  # a reader may also refuse the broken file outright
        intact = False
    assert intact is False
    assert (await client.get(signed_path, headers=world.as_("U2", "viewer"))).status_code == 404


async def test_no_signing_before_the_decision_or_without_a_certificate(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await client.post(
        "/api/v1/dossiers",
        json={
            "proposer_org": world.code("U3"),
            "award_code": "GIAY_KHEN",
            "summary": "Hoàn thành xuất sắc nhiệm vụ",
            "nominees": [{"kind": "individual", "name": "Lê Thị Ngọc Ánh"}],
        },
        headers=world.as_("U3", "officer"),
    )
    path = f"/api/v1/dossiers/{created.json()['id']}/documents/quyet-dinh/sign"
    answer = await client.post(path, headers=world.as_("C1", "chair"))
    assert answer.status_code == 409
    assert "chưa có quyết định" in answer.json()["detail"]


async def test_make_run_seeds_a_demo_ca_and_a_certificate_per_demo_org(
    fresh_database_url: Callable[[], str], tmp_path: Path
) -> None:
    settings = Settings(
        database_url=fresh_database_url(),
        env="test",
        admin_password=ADMIN_PASSWORD,
        seed_demo=True,
        data_dir=tmp_path,
    )
    await seed_all(settings)
    await seed_all(settings)  # a second run keeps the CA and the certificates
    ca = x509.load_pem_x509_certificate((tmp_path / "pki" / "demo-ca.pem").read_bytes())
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = list(await session.scalars(select(SigningCertificate)))
    finally:
        await engine.dispose()
    assert {r.org_code for r in rows} >= {"BN-TD", "HY-VG", "BN", "HY", "BNV", "TTG", "CTN"}
    box = secrets_fernet(settings)
    for row in rows:
        assert b"PRIVATE" not in row.pkcs12_encrypted
        key, cert, _chain = pkcs12.load_key_and_certificates(
            box.decrypt(row.pkcs12_encrypted), box.decrypt(row.password_encrypted)
        )
        assert key is not None
        assert cert is not None
        assert cert.issuer == ca.subject
        cert.verify_directly_issued_by(ca)


async def test_a_signed_decision_is_not_signed_again(
    client: httpx.AsyncClient, world: World, api_settings: Settings
) -> None:
    """A signed quyết định is a legal record: a second signing is 409 naming who signed and
    when, and the signed PDF, its row and the audit log stay as they were; two signings racing
    give one 201 and one 409."""
    ca_key, ca_cert = make_ca("CA thử nghiệm ký một lần")
    p12 = issue_pkcs12(ca_key, ca_cert, world.code("D1"), "Ủy ban nhân dân huyện thử", b"mk")
    assert (await put_cert(client, world, world.code("D1"), p12, "mk")).status_code == 200
    chair = world.as_("D1", "chair")
    dossier = await decided(client, world)
    base = f"/api/v1/dossiers/{dossier['id']}/documents"
    first = await client.post(f"{base}/quyet-dinh/sign", headers=chair)
    assert first.status_code == 201, first.text
    signed = (await client.get(f"{base}/quyet-dinh.signed.pdf", headers=chair)).content
    at = datetime.fromisoformat(first.json()["signed_at"]).astimezone(VN_TZ)

    again = await client.post(f"{base}/quyet-dinh/sign", headers=chair)
    assert again.status_code == 409, again.text
    assert again.json()["detail"] == (
        f"Quyết định đã được Người dùng chair D1 ký số lúc {at:%H:%M %d/%m/%Y}; "
        "văn bản đã ký số không được ký lại"
    )
    english = await client.post(
        f"{base}/quyet-dinh/sign", headers=chair | {"Accept-Language": "en"}
    )
    assert english.json()["detail"].startswith("The decision was already signed by Người dùng")
    assert (await client.get(f"{base}/quyet-dinh.signed.pdf", headers=chair)).content == signed
    rows, audits = await _signed_rows(api_settings, str(dossier["id"]))
    assert rows == [first.json()["sha256"]]
    assert audits == 1

    racing = await decided(client, world)
    path = f"/api/v1/dossiers/{racing['id']}/documents/quyet-dinh/sign"
    answers = await asyncio.gather(*(client.post(path, headers=chair) for _ in range(2)))
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    rows, audits = await _signed_rows(api_settings, str(racing["id"]))
    assert len(rows) == 1
    assert audits == 1
    kept = list((api_settings.blob_dir / "dossiers" / str(racing["id"]) / "signed").iterdir())
    assert len(kept) == 1  # the loser's signed PDF was discarded
    got = await client.get(
        f"/api/v1/dossiers/{racing['id']}/documents/quyet-dinh.signed.pdf", headers=chair
    )
    assert await validate(got.content, ca_cert) == (True, True)


async def _signed_rows(settings: Settings, dossier_id: str) -> tuple[list[str], int]:
    """The sha256 of each signed-decision row of the dossier, and its signing audit entries."""
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.scalars(
                select(SignedDocument.sha256).where(SignedDocument.dossier_id == dossier_id)
            )
            audits = await session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "decision.signed", AuditEntry.target == dossier_id)
            )
            return list(rows), int(audits or 0)
    finally:
        await engine.dispose()

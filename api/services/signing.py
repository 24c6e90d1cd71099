"""Digital signatures (contract §14): an org's PKCS#12, kept Fernet-encrypted at rest, and the
quyết định signed PAdES (pyHanko) by the chair of the deciding org.

A signed decision is a legal record (ND30/2020): it is signed once. A second signing is
refused (409, naming who signed and when) and the signed PDF stays as it was; a correction is a
new decision, not a new signature on the old one. Two signings racing are settled by the
unique (dossier, document) row: the loser's PDF is discarded and it gets the same 409."""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import anyio
import structlog
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_admin, require_role
from api.errors import Conflict, Forbidden, Invalid, NotFound
from api.papers import content, heads, pdf
from api.schemas.signing import SignedOut
from api.services import documents
from api.services.attachment_files import FormCheck
from api.services.certificates import read_pkcs12
from api.services.dossier_queries import scope_of
from api.services.idempotency import KeyClaim
from api.services.uploads import receive_form
from api.state import AppState
from core import i18n
from core.crypto import secrets_fernet
from core.i18n import _
from domain.calendar import VN_TZ
from store.blobs import BlobStore
from store.repositories import orgs, signing, users
from store.repositories.audit import record_audit
from store.repositories.signing import SignedRow, StoredCertificate

log = structlog.get_logger("tdkt.api.signing")
MAX_PKCS12_BYTES = 200_000
QUYET_DINH = "quyet_dinh"


async def set_certificate(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    org_code: str,
    chunks: AsyncIterator[bytes],
    content_type: str | None,
    ip: str,
    form_check: FormCheck | None = None,
) -> dict[str, object]:
    """Store the org's PKCS#12 (checked by :func:`read_pkcs12`: nothing is stored when it
    does not open, lacks its key, or has expired); its public facts."""
    require_admin(principal)
    if await orgs.get(session=session, code=org_code) is None:
        raise NotFound(_("msg.no_org_org_code", org_code=org_code))
    await session.rollback()
    form = await receive_form(chunks, content_type, file_field="file", limit=MAX_PKCS12_BYTES)
    try:
        if form_check is not None:
            form_check(form.fields)  # the web page's CSRF token, before anything is opened
        if form.file is None:
            raise Invalid.field("file", _("msg.the_pkcs_file_is_missing"))
        data = await anyio.Path(form.file.path).read_bytes()
    finally:
        await anyio.to_thread.run_sync(form.discard)
    password = form.fields.get("password", "").encode("utf-8")
    info = await anyio.to_thread.run_sync(read_pkcs12, data, password)
    box = secrets_fernet(state.settings)
    stored = StoredCertificate(
        org_code, box.encrypt(data), box.encrypt(password), info.subject, info.not_after
    )
    await signing.put_certificate(session=session, cert=stored, uploaded_by=principal.username)
    await record_audit(session, principal.username, "org.certificate_set", org_code, ip)
    await session.commit()
    log.info("signing.certificate_set", org_code=org_code, subject=info.subject)
    return {"org_code": org_code, **info.__dict__}


def sign_pdf(data: bytes, p12: bytes, password: bytes, reason: str, location: str) -> bytes:
    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=[], passphrase=password)
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyCoQuan",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer, output=out)
    return out.getvalue()


async def sign_decision(
    *,
    state: AppState,
    session: AsyncSession,
    blobs: BlobStore,
    principal: Principal,
    dossier_id: str,
    ip: str,
    claim: KeyClaim | None = None,
) -> SignedOut:
    """``claim``: the Idempotency-Key this request holds, answered in the transaction that
    records the signature (``idempotency.keyed_write``)."""
    facts = await documents.load(session, principal, dossier_id)
    decision = facts.row.decision
    planned = facts.row.route_orgs[-1] if facts.row.route_orgs else facts.row.proposer_org
    authority = str(decision["authority_org"]) if decision is not None else planned
    found = facts.orgs.get(authority)
    named = found.name if found is not None else authority  # refusals name the org
    require_role(principal, Role.chair)  # who may sign (403) before what state it is in (409)
    if principal.org_code != authority:
        # named by the title of who signs at that level, as the papers print it
        who = named if found is None else heads.head_of(found, i18n.current_lang())
        raise Forbidden(_("msg.only_the_signer_may_sign", signer=who))
    documents.require_decided(facts)
    earlier = await signing.get_signed(session=session, dossier_id=dossier_id, document=QUYET_DINH)
    if earlier is not None:
        raise await already_signed(session, earlier)
    stored = await signing.get_certificate(session=session, org_code=authority)
    if stored is None:
        raise Conflict(_("msg.authority_has_no_signing_certificate_yet", authority=named))
    box = secrets_fernet(state.settings)
    p12, password = box.decrypt(stored.pkcs12_encrypted), box.decrypt(stored.password_encrypted)
    paper = content.quyet_dinh(facts)
    family = documents.font(state.settings)
    place = content.place(facts, authority)

    def render_and_sign() -> bytes:
        reason = f"Ký ban hành Quyết định số {facts.row.decision['number']}"  # type: ignore[index]
        return sign_pdf(pdf.render_paper(paper, family), p12, password, reason, place)

    signed = await anyio.to_thread.run_sync(render_and_sign)
    await session.rollback()
    key = f"dossiers/{dossier_id}/signed/{QUYET_DINH}-{secrets.token_hex(8)}.pdf"
    await blobs.put(key, _one(signed))
    row = SignedRow(
        dossier_id,
        QUYET_DINH,
        authority,
        key,
        hashlib.sha256(signed).hexdigest(),
        len(signed),
        principal.username,
        datetime.now(UTC),
    )
    if not await signing.add_signed(session=session, row=row):  # signed meanwhile
        await session.rollback()
        await blobs.delete(key)
        earlier = await signing.get_signed(
            session=session, dossier_id=dossier_id, document=QUYET_DINH
        )
        assert earlier is not None
        raise await already_signed(session, earlier)
    await record_audit(session, principal.username, "decision.signed", dossier_id, ip)
    answer = SignedOut(
        document=QUYET_DINH,
        org_code=authority,
        sha256=row.sha256,
        size=row.size,
        signed_by=row.signed_by,
        signed_at=row.signed_at,
        subject=stored.subject,
    )
    if claim is not None:
        await claim.record(session, answer)
    await session.commit()
    log.info(
        "signing.decision_signed", dossier_id=dossier_id, org_code=authority, sha256=row.sha256
    )
    return answer


async def already_signed(session: AsyncSession, earlier: SignedRow) -> Conflict:
    """The refusal of a second signing: who signed (by name) and when (Vietnam time)."""
    user = await users.get_by_username(session=session, username=earlier.signed_by)
    who = earlier.signed_by if user is None else user.full_name
    at = earlier.signed_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
    return Conflict(_("msg.the_decision_is_already_signed", who=who, at=at))


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def signed_decision(
    *, session: AsyncSession, blobs: BlobStore, principal: Principal, dossier_id: str
) -> tuple[SignedRow, AsyncIterator[bytes]]:
    await scope_of(session, principal, dossier_id)
    row = await signing.get_signed(session=session, dossier_id=dossier_id, document=QUYET_DINH)
    if row is None:
        raise NotFound(_("msg.the_decision_has_not_been_signed"))
    await session.rollback()
    return row, blobs.open(row.blob_key)

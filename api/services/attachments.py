"""Attachment use cases: upload, list, download, replace, delete (contract §13).

Authorization is the dossier's: reads by anyone who can see it (`scope_of`), writes by the
proposing org's officers. The body is only read once the caller is known to be allowed, and
the database connection is released while the file streams in.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Collection
from datetime import UTC, datetime

import anyio
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.authz import Principal, require_proposer_officer
from api.errors import Conflict, NotFound
from api.schemas.attachments import AttachmentList, AttachmentOut
from api.services import attachment_files as files
from api.services.dossier_queries import scope_of
from api.services.idempotency import KeyClaim, Received, key_claim, run_once
from api.services.uploads import ReceivedForm
from core.i18n import _
from domain.documents import DocumentKind
from store.blobs import BlobNotFound, BlobStore
from store.repositories import attachments
from store.repositories.attachments import AttachmentRow
from store.repositories.audit import record_audit
from store.repositories.dossiers import DossierRow

log = structlog.get_logger("tdkt.api.attachments")

# Papers may be added until the dossier is closed, but changed or removed only while it is
# back with its proposer (returned) or not yet submitted (draft): a council never reviews
# papers that change under it.
UPLOAD_STATUSES = frozenset({"draft", "in_review", "returned"})
CHANGE_STATUSES = frozenset({"draft", "returned"})
# The refusal of each change to papers, one whole sentence per action (msgid).
ADD = "msg.attachment_add_not_allowed"
REPLACE = "msg.attachment_replace_not_allowed"
DELETE = "msg.attachment_delete_not_allowed"


def require_status(row: DossierRow, allowed: Collection[str], refusal: str) -> None:
    """409 (the msgid ``refusal``) unless the dossier's status is one of `allowed`."""
    if row.status not in allowed:
        now = _(f"status.{row.status}").lower()
        wanted = ", ".join(_(f"status.{s}").lower() for s in sorted(allowed))
        raise Conflict(_(refusal, now=now, wanted=wanted))


def out(row: AttachmentRow) -> AttachmentOut:
    return AttachmentOut.model_validate(row, from_attributes=True)


async def _writable(
    session: AsyncSession,
    principal: Principal,
    dossier_id: str,
    allowed: Collection[str] | None,
    refusal: str,
) -> DossierRow:
    """The dossier, once the caller may change its papers (and, unless ``allowed`` is None,
    its status lets them)."""
    row, _scope = await scope_of(session, principal, dossier_id)
    await require_proposer_officer(session, principal, row.proposer_org)
    if allowed is not None:
        require_status(row, allowed, refusal)
    await session.rollback()  # release the connection while the body streams in
    return row


def _audit(row: AttachmentRow) -> dict[str, object]:
    return {"kind": row.kind, "filename": row.filename, "size": row.size, "sha256": row.sha256}


async def upload(
    *,
    session: AsyncSession,
    blobs: BlobStore,
    principal: Principal,
    dossier_id: str,
    chunks: AsyncIterator[bytes],
    content_type: str | None,
    limit: int,
    ip: str,
    form_check: files.FormCheck | None = None,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    key: str | None = None,
) -> AttachmentOut:
    """Attach a paper. With an Idempotency-Key (``sessions``: the API's autocommit sessions)
    the upload runs once per (user, key): its hash covers the form fields and the file's bytes,
    the same request sent again gets the first 201 (even once the dossier has moved on) and adds
    nothing, another one is 409 naming the key. The answer is recorded in the transaction that
    adds the attachment, so a crash leaves it added and answered, or neither."""
    # With a key the status is checked once the key is known not to be answered already.
    await _writable(session, principal, dossier_id, UPLOAD_STATUSES if key is None else None, ADD)
    form, kind, mime = await files.received(
        chunks, content_type, limit, need_kind=True, form_check=form_check
    )
    assert form.file is not None
    assert kind is not None
    claim = key_claim(key, principal.username, 201)

    async def add() -> AttachmentOut:
        if claim is not None:
            await _writable(session, principal, dossier_id, UPLOAD_STATUSES, ADD)
        return await _add(session, blobs, principal, dossier_id, form, kind, mime, ip, claim)

    if key is None or sessions is None:
        return await add()
    try:
        return await run_once(
            sessions=sessions,
            key=key,
            username=principal.username,
            scope=f"attachment:{dossier_id}",
            body=Received.of(form),
            status_code=201,
            result_type=AttachmentOut,
            action=add,
        )
    finally:  # a replay or a refusal stores nothing: the received file goes
        await anyio.to_thread.run_sync(form.discard)


async def _add(
    session: AsyncSession,
    blobs: BlobStore,
    principal: Principal,
    dossier_id: str,
    form: ReceivedForm,
    kind: DocumentKind,
    mime: str,
    ip: str,
    claim: KeyClaim | None,
) -> AttachmentOut:
    assert form.file is not None
    attachment_id = f"TL-{secrets.token_hex(6).upper()}"
    key = files.blob_key(dossier_id, attachment_id)
    row = AttachmentRow(
        id=attachment_id,
        dossier_id=dossier_id,
        kind=kind.value,
        filename=form.file.filename,
        content_type=mime,
        size=form.file.size,
        sha256=form.file.sha256,
        blob_key=key,
        uploaded_by=principal.username,
        uploaded_at=datetime.now(UTC),
    )
    await files.store(blobs, key, form)
    try:  # the dossier may have moved on while the file streamed in
        await _writable(session, principal, dossier_id, UPLOAD_STATUSES, ADD)
    except BaseException:
        await blobs.delete(key)
        raise
    await attachments.insert(session=session, row=row)
    await attachments.record(
        session=session,
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        action="uploaded",
        actor=principal.username,
        data=_audit(row),
    )
    await record_audit(
        session, principal.username, "attachment.uploaded", f"{dossier_id}/{attachment_id}", ip
    )
    answer = out(row)
    if claim is not None:
        await claim.record(session, answer)
    await files.commit_or_drop(session, blobs, key)
    log.info(
        "attachment.uploaded",
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        kind=row.kind,
        size=row.size,
        sha256=row.sha256,
    )
    return answer


async def _existing(session: AsyncSession, dossier_id: str, attachment_id: str) -> AttachmentRow:
    row = await attachments.get(session=session, dossier_id=dossier_id, attachment_id=attachment_id)
    if row is None:
        raise NotFound(_("msg.attachment_attachment_id_not_found", attachment_id=attachment_id))
    return row


async def replace(
    *,
    session: AsyncSession,
    blobs: BlobStore,
    principal: Principal,
    dossier_id: str,
    attachment_id: str,
    chunks: AsyncIterator[bytes],
    content_type: str | None,
    limit: int,
    ip: str,
    form_check: files.FormCheck | None = None,
) -> AttachmentOut:
    await _writable(session, principal, dossier_id, CHANGE_STATUSES, REPLACE)
    await _existing(session, dossier_id, attachment_id)
    await session.rollback()
    form, kind, mime = await files.received(
        chunks, content_type, limit, need_kind=False, form_check=form_check
    )
    assert form.file is not None
    key = files.blob_key(dossier_id, attachment_id)
    await files.store(blobs, key, form)
    try:
        await _writable(session, principal, dossier_id, CHANGE_STATUSES, REPLACE)
        old = await _existing(session, dossier_id, attachment_id)
    except BaseException:
        await blobs.delete(key)
        raise
    row = AttachmentRow(
        id=attachment_id,
        dossier_id=dossier_id,
        kind=old.kind if kind is None else kind.value,
        filename=form.file.filename,
        content_type=mime,
        size=form.file.size,
        sha256=form.file.sha256,
        blob_key=key,
        uploaded_by=principal.username,
        uploaded_at=datetime.now(UTC),
    )
    await attachments.replace(session=session, row=row)
    data = {**_audit(row), "replaced_sha256": old.sha256}
    await attachments.record(
        session=session,
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        action="replaced",
        actor=principal.username,
        data=data,
    )
    await record_audit(
        session, principal.username, "attachment.replaced", f"{dossier_id}/{attachment_id}", ip
    )
    await files.commit_or_drop(session, blobs, key)
    await blobs.delete(old.blob_key)
    log.info(
        "attachment.replaced",
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        size=row.size,
        sha256=row.sha256,
    )
    return out(row)


async def delete(
    *,
    session: AsyncSession,
    blobs: BlobStore,
    principal: Principal,
    dossier_id: str,
    attachment_id: str,
    ip: str,
) -> None:
    row, _scope = await scope_of(session, principal, dossier_id)
    await require_proposer_officer(session, principal, row.proposer_org)
    require_status(row, CHANGE_STATUSES, DELETE)
    old = await _existing(session, dossier_id, attachment_id)
    await attachments.remove(session=session, attachment_id=attachment_id)
    await attachments.record(
        session=session,
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        action="deleted",
        actor=principal.username,
        data=_audit(old),
    )
    await record_audit(
        session, principal.username, "attachment.deleted", f"{dossier_id}/{attachment_id}", ip
    )
    await session.commit()
    await blobs.delete(old.blob_key)
    log.info("attachment.deleted", dossier_id=dossier_id, attachment_id=attachment_id)


async def list_(*, session: AsyncSession, principal: Principal, dossier_id: str) -> AttachmentList:
    await scope_of(session, principal, dossier_id)
    rows = await attachments.list_(session=session, dossier_id=dossier_id)
    return AttachmentList(items=[out(r) for r in rows])


async def download(
    *,
    session: AsyncSession,
    blobs: BlobStore,
    principal: Principal,
    dossier_id: str,
    attachment_id: str,
) -> tuple[AttachmentRow, AsyncIterator[bytes]]:
    """The attachment and its bytes; the first chunk is read here so a lost blob is a 404."""
    await scope_of(session, principal, dossier_id)
    row = await _existing(session, dossier_id, attachment_id)
    await session.rollback()
    stream = blobs.open(row.blob_key)
    try:
        first = await anext(stream)
    except (BlobNotFound, StopAsyncIteration):
        log.error("attachment.blob_missing", dossier_id=dossier_id, attachment_id=attachment_id)
        raise NotFound(
            _("msg.the_attachment_s_bytes_are_gone", attachment_id=attachment_id)
        ) from None

    async def chunks() -> AsyncIterator[bytes]:
        yield first
        async for chunk in stream:
            yield chunk

    return row, chunks()

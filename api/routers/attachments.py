"""Attachments of a dossier (contract §13): upload, list, download, replace, delete.

The upload routes read the raw request stream (multipart parsed as it arrives), so they are
exempt from the request-body buffer of `api.middleware` and held to `TDKT_MAX_UPLOAD_BYTES`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status
from fastapi.responses import StreamingResponse

from api.blobs import BlobsDep
from api.deps import AuditedRead, ClientAddress, CurrentUser, SessionDep, StateDep
from api.routers.dossiers import IdempotencyKey
from api.schemas.attachments import AttachmentList, AttachmentOut
from api.schemas.common import BINARY, errors, multipart_body
from api.schemas.dossiers import DOSSIER_ID
from api.services import attachments
from api.services.filenames import content_disposition
from api.services.idempotency import checked
from api.services.sniff import TYPE_NAMES

router = APIRouter(prefix="/api/v1/dossiers/{dossier_id}/attachments", tags=["attachments"])

DossierId = Annotated[str, Path(pattern=DOSSIER_ID)]
AttachmentId = Annotated[str, Path(pattern=r"^TL-[0-9A-F]{12}$", examples=["TL-3F9A0C1D2B4E"])]
# An attachment is served with the type its bytes were found to be at upload (api.services.sniff).
STORED_TYPES = {mime: {"schema": BINARY} for mime in TYPE_NAMES}
MULTIPART = multipart_body(
    ["file"],
    {
        "kind": {
            "type": "string",
            "enum": ["to_trinh", "bao_cao_thanh_tich", "bien_ban", "xac_nhan_sang_kien", "khac"],
        },
        "file": BINARY,
    },
)


@router.post(
    "",
    summary="Attach a paper (officer of the proposing org; multipart `kind` + `file`)",
    status_code=status.HTTP_201_CREATED,
    response_model=AttachmentOut,
    responses=errors(400, 401, 403, 404, 409, 413, 415, 422),
    openapi_extra=MULTIPART,
)
async def upload(
    request: Request,
    state: StateDep,
    session: SessionDep,
    blobs: BlobsDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> AttachmentOut:
    return await attachments.upload(
        session=session,
        blobs=blobs,
        principal=principal,
        dossier_id=dossier_id,
        chunks=request.stream(),
        content_type=request.headers.get("content-type"),
        limit=state.settings.max_upload_bytes,
        ip=ip,
        sessions=state.reads,
        key=checked(key),
    )


@router.get(
    "",
    summary="The dossier's attachments",
    response_model=AttachmentList,
    responses=errors(401, 404, 422),
)
async def list_attachments(
    session: SessionDep, principal: CurrentUser, dossier_id: DossierId
) -> AttachmentList:
    return await attachments.list_(session=session, principal=principal, dossier_id=dossier_id)


@router.get(
    "/{attachment_id}",
    summary="Download an attachment (its bytes, with the stored content type)",
    response_class=StreamingResponse,
    dependencies=[AuditedRead],
    responses={200: {"content": STORED_TYPES}, **errors(401, 404, 422)},
)
async def download(
    session: SessionDep,
    blobs: BlobsDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    attachment_id: AttachmentId,
) -> StreamingResponse:
    row, chunks = await attachments.download(
        session=session,
        blobs=blobs,
        principal=principal,
        dossier_id=dossier_id,
        attachment_id=attachment_id,
    )
    headers = {
        "Content-Disposition": content_disposition(row.filename),
        "Content-Length": str(row.size),
        "ETag": f'"{row.sha256}"',
        "X-Content-Type-Options": "nosniff",
    }
    return StreamingResponse(chunks, media_type=row.content_type, headers=headers)


@router.put(
    "/{attachment_id}",
    summary="Replace an attachment's file (while the dossier is returned or a draft)",
    response_model=AttachmentOut,
    responses=errors(400, 401, 403, 404, 409, 413, 415, 422),
    openapi_extra=MULTIPART,
)
async def replace(
    request: Request,
    state: StateDep,
    session: SessionDep,
    blobs: BlobsDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    attachment_id: AttachmentId,
    ip: ClientAddress,
) -> AttachmentOut:
    return await attachments.replace(
        session=session,
        blobs=blobs,
        principal=principal,
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        chunks=request.stream(),
        content_type=request.headers.get("content-type"),
        limit=state.settings.max_upload_bytes,
        ip=ip,
    )


@router.delete(
    "/{attachment_id}",
    summary="Remove an attachment (while the dossier is returned or a draft)",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 403, 404, 409, 422),
)
async def delete(
    session: SessionDep,
    blobs: BlobsDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    attachment_id: AttachmentId,
    ip: ClientAddress,
) -> Response:
    await attachments.delete(
        session=session,
        blobs=blobs,
        principal=principal,
        dossier_id=dossier_id,
        attachment_id=attachment_id,
        ip=ip,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""Digital signatures (contract §14): org certificates, signing the quyết định, the signed PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, status
from fastapi.responses import StreamingResponse

from api.blobs import BlobsDep
from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep, StateDep
from api.routers.dossiers import IdempotencyKey
from api.schemas.common import BINARY, EmptyBody, NoBody, errors, multipart_body
from api.schemas.dossiers import DOSSIER_ID
from api.schemas.signing import CertificateOut, SignedOut
from api.services import certificates, signing
from api.services.filenames import content_disposition
from api.services.idempotency import KeyClaim, keyed_write

router = APIRouter(prefix="/api/v1", tags=["signatures"])
DossierId = Annotated[str, Path(pattern=DOSSIER_ID)]


@router.put(
    "/orgs/{code}/signing-certificate",
    summary="Set an org's signing certificate (admin; multipart `file` = PKCS#12, `password`)",
    response_model=CertificateOut,
    responses=errors(400, 401, 403, 404, 413, 415, 422),
    openapi_extra=multipart_body(["file"], {"file": BINARY, "password": {"type": "string"}}),
)
async def set_certificate(
    request: Request,
    state: StateDep,
    session: SessionDep,
    principal: AdminUser,  # the role before the path and the body are looked at
    code: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,64}$")],
    ip: ClientAddress,
) -> CertificateOut:
    answer = await signing.set_certificate(
        state=state,
        session=session,
        principal=principal,
        org_code=code,
        chunks=request.stream(),
        content_type=request.headers.get("content-type"),
        ip=ip,
    )
    return CertificateOut.model_validate(answer)


@router.get(
    "/orgs/{code}/signing-certificate",
    summary="An org's current signing certificate: subject, issuer, validity, fingerprint (admin)",
    response_model=CertificateOut,
    responses=errors(401, 403, 404),
)
async def get_certificate(
    state: StateDep,
    session: SessionDep,
    principal: AdminUser,
    code: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,64}$")],
) -> CertificateOut:
    answer = await certificates.certificate_of(
        state=state, session=session, principal=principal, org_code=code
    )
    return CertificateOut.model_validate(answer)


@router.post(
    "/dossiers/{dossier_id}/documents/quyet-dinh/sign",
    summary="Sign the quyết định (PAdES) with the deciding org's certificate (its chair)",
    status_code=status.HTTP_201_CREATED,
    response_model=SignedOut,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def sign(
    state: StateDep,
    session: SessionDep,
    blobs: BlobsDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    ip: ClientAddress,
    _body: EmptyBody = None,
    key: IdempotencyKey = None,
) -> SignedOut:
    async def write(claim: KeyClaim | None) -> SignedOut:
        return await signing.sign_decision(
            state=state, session=session, blobs=blobs, principal=principal,
            dossier_id=dossier_id, ip=ip, claim=claim,
        )  # fmt: skip

    return await keyed_write(
        sessions=state.reads, key=key, username=principal.username,
        scope=f"sign:{dossier_id}:quyet-dinh", body=NoBody(), status_code=201,
        result_type=SignedOut, write=write,
    )  # fmt: skip


@router.get(
    "/dossiers/{dossier_id}/documents/quyet-dinh.signed.pdf",
    summary="The signed quyết định (PAdES); verify it with any PDF signature validator",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}}}, **errors(401, 404, 422)},
)
async def signed_pdf(
    session: SessionDep, blobs: BlobsDep, principal: CurrentUser, dossier_id: DossierId
) -> StreamingResponse:
    row, chunks = await signing.signed_decision(
        session=session, blobs=blobs, principal=principal, dossier_id=dossier_id
    )
    headers = {
        "Content-Disposition": content_disposition(f"quyet-dinh-{dossier_id}.signed.pdf"),
        "Content-Length": str(row.size),
        "ETag": f'"{row.sha256}"',
    }
    return StreamingResponse(chunks, media_type="application/pdf", headers=headers)

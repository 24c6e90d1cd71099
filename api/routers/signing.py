"""Digital signatures (contract §14): org certificates, signing the quyết định, the signed PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.blobs import BlobsDep
from api.deps import AdminUser, ClientAddress, CurrentUser, SessionDep, StateDep
from api.schemas.common import BINARY, EmptyBody, errors, multipart_body
from api.schemas.dossiers import DOSSIER_ID
from api.services import certificates, signing
from api.services.filenames import content_disposition

router = APIRouter(prefix="/api/v1", tags=["signatures"])
DossierId = Annotated[str, Path(pattern=DOSSIER_ID)]


class CertificateOut(BaseModel):
    """The public facts of an org's signing certificate (never its key nor its password)."""

    org_code: str
    subject: str = Field(examples=["CN=UBND huyện Tiên Du,O=BN-TD,C=VN"])
    issuer: str = Field(default="", examples=["CN=CA thử nghiệm,O=tdkt"])
    not_before: datetime | None = None
    not_after: datetime
    fingerprint_sha256: str = Field(default="", examples=["3A:7F:…"])
    uploaded_by: str | None = None
    uploaded_at: datetime | None = None


class SignedOut(BaseModel):
    document: str
    org_code: str
    subject: str
    sha256: str
    size: int
    signed_by: str
    signed_at: datetime


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
) -> SignedOut:
    answer = await signing.sign_decision(
        state=state,
        session=session,
        blobs=blobs,
        principal=principal,
        dossier_id=dossier_id,
        ip=ip,
    )
    return SignedOut.model_validate(answer)


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

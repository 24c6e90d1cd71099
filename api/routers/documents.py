"""Generated papers of a dossier (contract §14): PDF to read and print, DOCX to edit, XLSX lists."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import AuditedRead, ClientAddress, CurrentUser, SessionDep, StateDep
from api.routers.dossiers import IdempotencyKey
from api.schemas.common import BINARY, errors, multipart_body
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import DOSSIER_ID, Status
from api.schemas.orgs import OrgLevel
from api.schemas.text import Text
from api.services import documents, excel_export, excel_import, idempotency
from api.services.filenames import content_disposition
from store.repositories.dossiers import ListFilter

router = APIRouter(
    prefix="/api/v1/dossiers/{dossier_id}", tags=["documents"], dependencies=[AuditedRead]
)

DossierId = Annotated[str, Path(pattern=DOSSIER_ID)]
Level = Annotated[
    str | None,
    Query(max_length=16, pattern=r"^[a-z]+$", description="Route level (default: see summary)"),
]
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_RESPONSES = {
    200: {"content": {m: {} for m in MEDIA.values()}, "description": "The generated file"},
    **errors(401, 404, 409, 422, 503),
}


def file_response(data: bytes, fmt: str, filename: str) -> Response:
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": content_disposition(filename)},
    )


@router.get(
    "/documents/to-trinh.{fmt}",
    summary="The tờ trình (ND152 Mẫu 01) of a stage (default: the proposer's) to the next org",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def to_trinh(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    fmt: Literal["pdf", "docx"],
    level: Level = None,
) -> Response:
    facts = await documents.load(session, principal, dossier_id)
    data = await documents.to_trinh(facts, state.settings, fmt, level)
    return file_response(data, fmt, f"to-trinh-{dossier_id}.{fmt}")


@router.get(
    "/documents/bien-ban.pdf",
    summary="Council minutes (attendance, ballot result) of a stage (default: the last meeting)",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def bien_ban(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    level: Level = None,
) -> Response:
    facts = await documents.load(session, principal, dossier_id)
    data = await documents.bien_ban(facts, state.settings, level)
    return file_response(data, "pdf", f"bien-ban-{dossier_id}.pdf")


@router.get(
    "/documents/quyet-dinh.{fmt}",
    summary="The quyết định with its annexed list (after `decided`); .xlsx is the annex alone",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def quyet_dinh(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    fmt: Literal["pdf", "docx", "xlsx"],
) -> Response:
    facts = await documents.load(session, principal, dossier_id)
    data = await documents.quyet_dinh(facts, state.settings, fmt)
    return file_response(data, fmt, f"quyet-dinh-{dossier_id}.{fmt}")


@router.get(
    "/certificates/{nominee_id}.pdf",
    summary="The certificate (Bằng khen / Giấy khen / title) of an awarded nominee",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def certificate(
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    dossier_id: DossierId,
    nominee_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,48}$")],
) -> Response:
    facts = await documents.load(session, principal, dossier_id)
    data = await documents.certificate(facts, state.settings, nominee_id)
    return file_response(data, "pdf", f"{nominee_id}.pdf")


@router.get(
    "/nominees.xlsx",
    summary="The dossier's nominee list as .xlsx (Vietnamese headers)",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def nominees_xlsx(
    session: SessionDep, principal: CurrentUser, dossier_id: DossierId
) -> Response:
    facts = await documents.load(session, principal, dossier_id)
    return file_response(documents.nominees_sheet(facts), "xlsx", f"danh-sach-{dossier_id}.xlsx")


lists = APIRouter(prefix="/api/v1", tags=["documents"])


@lists.get(
    "/dossiers.xlsx",
    summary="The dossiers you can see, filtered like GET /dossiers, as .xlsx",
    response_class=Response,
    dependencies=[AuditedRead],
    responses=FILE_RESPONSES,
)
async def dossiers_xlsx(
    session: SessionDep,
    principal: CurrentUser,
    status_: Annotated[
        Status | None,
        Query(alias="status"),
    ] = None,
    award_code: Annotated[Text | None, Query(max_length=32)] = None,
    level: Annotated[OrgLevel | None, Query(description="Level of the current stage")] = None,
    org_code: Annotated[Text | None, Query(max_length=64)] = None,
    overdue: bool | None = None,
    q: Annotated[Text | None, Query(max_length=200)] = None,
) -> Response:
    filters = ListFilter(
        status=status_,
        award_code=award_code,
        level=None if level is None else level.value,
        org_code=org_code,
        overdue=overdue,
        q=q,
    )
    data = await excel_export.dossiers_sheet(session=session, principal=principal, filters=filters)
    return file_response(data, "xlsx", "danh-sach-ho-so.xlsx")


@lists.post(
    "/dossiers/import",
    summary="Submit a dossier whose nominees come from an .xlsx (multipart `file` + the create "
    "fields); any bad row → 422 with `errors[{row, field, message}]` and nothing created",
    status_code=201,
    response_model=DossierOut,
    responses=errors(400, 401, 403, 409, 413, 415, 422, 503),
    openapi_extra=multipart_body(
        ["file", "proposer_org", "award_code"],
        {
            "file": BINARY,
            "proposer_org": {"type": "string"},
            "award_code": {"type": "string"},
            "summary": {"type": "string"},
            "year": {"type": "integer"},
            "round_code": {"type": "string"},
            "award_type": {"type": "string"},
            "simplified": {"type": "boolean"},
            "draft": {"type": "boolean"},
        },
    ),
)
async def import_dossier(
    request: Request,
    state: StateDep,
    session: SessionDep,
    principal: CurrentUser,
    ip: ClientAddress,
    key: IdempotencyKey = None,
) -> DossierOut:
    return await excel_import.import_dossier(
        ip=ip,
        state=state,
        session=session,
        principal=principal,
        chunks=request.stream(),
        content_type=request.headers.get("content-type"),
        key=idempotency.checked(key),
    )

"""Import a nominee list from .xlsx into a new dossier (contract §14).

The sheet's format and its reading are :mod:`api.services.nominee_sheet`'s: every row becomes a
`NomineeIn`, the form fields and the rows a `DossierCreate`, and the existing create use case
submits it. Any bad row (a cell, or a nominee the create refuses) answers 422 with every error as
`{"row","field","message"}` (field: the column's header; message: the reader's language) and
nothing is created.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import anyio
import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Invalid
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import DossierCreate
from api.schemas.reference import YEARS
from api.services import dossiers, nominee_sheet
from api.services.attachment_files import FormCheck
from api.services.idempotency import Received, request_hash
from api.services.nominee_sheet import Row, parse_nominees
from api.services.nominees import check_duplicates, proposal_year
from api.services.sniff import XLSX, checked_type, unreadable_package
from api.services.uploads import receive_form
from api.services.workbook import unreadable
from api.state import AppState
from api.validation_text import field_label, labelled, translate_all
from core.i18n import _
from domain.catalog import AwardRule, UnknownAward, default_catalog

log = structlog.get_logger(__name__)

# Every field of the JSON create (`DossierCreate`) but the nominees, which come from the file; a
# form field not listed is refused by name rather than dropped.
FORM_FIELDS = (
    "proposer_org",
    "award_code",
    "summary",
    "year",
    "round_code",
    "award_type",
    "simplified",
    "draft",
)
FROM_THE_FILE = frozenset({"nominees"})


def award_of(data: dict[str, Any]) -> AwardRule | None:
    """The award the form names, to check each row's kind against; None when it names none
    or an unknown one (the create then refuses ``award_code`` itself)."""
    try:
        return default_catalog().get(str(data.get("award_code", "")))
    except UnknownAward:
        return None


def form_data(fields: dict[str, str], extra: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The create fields of the form (NFC, empty ones left to their defaults); 422 naming a
    field that is not text or that the import does not take (``extra``: the caller's own)."""
    for name in fields:
        if name in FROM_THE_FILE:
            raise _form_error(name, _("msg.import_nominees_come_from_the_file"))
        if name not in FORM_FIELDS and name not in extra:
            allowed = ", ".join(FORM_FIELDS)
            raise _form_error(name, _("msg.import_field_not_accepted", allowed=allowed))
    data = {k: unicodedata.normalize("NFC", v) for k, v in fields.items() if k in FORM_FIELDS and v}
    for name, value in data.items():
        if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value):
            raise _form_error(name, _("msg.control_characters_are_not_allowed"))
    return data


def _form_error(name: str, message: str) -> Invalid:
    """422 on form field ``name``, its label first ("Tóm tắt thành tích: Có ký tự điều khiển")."""
    return Invalid.field(name, labelled(field_label(name, DossierCreate), message))


def _nominee_data(row: Row, year: int | None) -> dict[str, Any]:
    """The nominee as the create takes it; a declared rating is its history for ``year`` (as
    the web form's row), unless the year is wrong (the form's own error)."""
    data = row.nominee.model_dump()
    if row.rating and year in YEARS and row.nominee.kind != "household":
        data["history"] = [{"year": year, "rating": row.rating}]
    return data


def rated_year(data: dict[str, Any]) -> int | None:
    """The year the sheet's ratings are for: the form's ``year``, or when it is left out the
    year eligibility is judged for (`proposal_year`); None for a ``year`` that is not one."""
    if "year" not in data:
        return proposal_year(None)
    year = str(data["year"])
    return int(year) if year.isdigit() else None


def _body(data: dict[str, Any], nominees: list[Row]) -> DossierCreate:
    data = dict(data)
    data["nominees"] = [_nominee_data(r, rated_year(data)) for r in nominees]
    try:
        return DossierCreate.model_validate(data)
    except ValidationError as exc:
        errors = nominee_sheet.on_rows(translate_all(exc.errors()), nominees)
        if any(e["row"] for e in errors):
            raise Invalid(nominee_sheet.summary(errors), errors=errors) from None
        detail = "; ".join(str(e["message"]) for e in errors)
        raise Invalid(_("msg.invalid_input_detail", detail=detail), errors=errors) from None


async def import_dossier(
    *,
    state: AppState,
    session: AsyncSession,
    principal: Principal,
    chunks: Any,
    content_type: str | None,
    ip: str,
    form_check: FormCheck | None = None,
    extra_fields: frozenset[str] = frozenset(),
    key: str | None = None,
) -> DossierOut:
    """With an Idempotency-Key the import is a keyed create (``dossiers.create``): its request
    hash covers every form field and the file's bytes, so a retry of the same request gets the
    first 201 and creates nothing, and the same key with another form or file is 409."""
    form = await receive_form(
        chunks, content_type, file_field="file", limit=state.settings.max_upload_bytes
    )
    digest = request_hash("import", Received.of(form))
    try:
        if form_check is not None:
            form_check(form.fields)
        data = form_data(form.fields, extra_fields)
        if form.file is None:
            raise Invalid.field("file", _("msg.the_xlsx_file_is_missing"))
        file = form.file
        if await anyio.to_thread.run_sync(unreadable_package, file.path):
            log.info("nominee_import.unreadable", error="not an Office package")
            raise unreadable("file")  # a damaged .xlsx, not a file of another type (415)
        mime = await anyio.to_thread.run_sync(
            checked_type, file.path, file.filename, file.declared_type
        )
        if mime != XLSX:
            raise Invalid.field("file", _("msg.an_xlsx_file_is_required"))
        nominees = await anyio.to_thread.run_sync(parse_nominees, file.path, award_of(data))
    finally:
        await anyio.to_thread.run_sync(form.discard)
    body = _body(data, nominees)
    try:  # one person twice: worded by the rows of the sheet, as every other row error
        check_duplicates(body.nominees, rows=[r.number for r in nominees])
        return await dossiers.create(
            state=state,
            session=session,
            principal=principal,
            body=body,
            ip=ip,
            key=key,
            digest=digest,
        )
    except Invalid as exc:  # a nominee the create refuses: its row
        errors = nominee_sheet.on_rows(exc.errors, nominees)
        if not any(e["row"] for e in errors):
            raise
        raise Invalid(nominee_sheet.summary(errors), errors=errors) from None

"""Import a nominee list from .xlsx into a new dossier (contract §14).

The sheet's header row names the columns in Vietnamese (`COLUMNS`, the file's format, as are the
accepted `VALUES`); every row becomes a `NomineeIn`, the form fields and the rows a
`DossierCreate`, and the existing create use case submits it. Any bad row answers 422 with every
error as `{"row","field","message"}` (field: the column's header; message: the reader's
language) and nothing is created.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import anyio
import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.domain_text import award_name, subject_name
from api.errors import Invalid
from api.schemas.dossiers import DossierCreate, DossierOut, NomineeIn
from api.schemas.reference import YEARS
from api.services import dossiers
from api.services.attachment_files import FormCheck
from api.services.nominees import proposal_year
from api.services.registry_workbook import CellError, day, identity
from api.services.sniff import XLSX, checked_type, unreadable_package
from api.services.uploads import receive_form
from api.services.workbook import sheet_rows, unreadable
from api.state import AppState
from api.validation_text import error_text, field_label, labelled, translate_all
from core.i18n import _
from domain.catalog import AwardRule, UnknownAward, default_catalog
from domain.levels import Subject

log = structlog.get_logger(__name__)

MAX_ROWS = 5_000
NAME = "Họ và tên"
COLUMNS: dict[str, str] = {  # header → NomineeIn field
    NAME: "name",
    "Đối tượng": "kind",
    "Chức vụ": "position",
    "Giới tính": "gender",
    "Lao động trực tiếp": "is_direct_worker",
    "Dân tộc thiểu số": "ethnic_minority",
    "Xếp loại": "rating",  # the year's rating: the nominee's declared history for `year`
    # the nominee's identity in the award registry (contract §12), read as the registry's own
    # import reads them: a date cell or dd/mm/yyyy text; a CCCD whose leading zeros Excel cut
    "Số định danh": "identity_number",
    "Ngày sinh": "birth_date",
}


def _birth_date(value: object) -> str | None:
    found = day(value, required=False)
    return found.isoformat() if found else None


IDENTITY_CELLS = {"birth_date": _birth_date, "identity_number": identity}
FIELD_HEADERS = {field: header for header, field in COLUMNS.items()}
VALUES: dict[str, dict[str, Any]] = {
    "kind": {"cá nhân": "individual", "tập thể": "collective", "hộ gia đình": "household"},
    "gender": {"nam": "male", "nữ": "female", "khác": "other"},
    "is_direct_worker": {"có": True, "x": True, "không": False},
    "ethnic_minority": {"có": True, "x": True, "không": False},
    "rating": {
        "hoàn thành xuất sắc nhiệm vụ": "HTXS",
        "hoàn thành tốt nhiệm vụ": "HTT",
        "hoàn thành nhiệm vụ": "HT",
        "không hoàn thành nhiệm vụ": "KHT",
    },
}
# Also accepted, never offered: the ratings' usual abbreviations.
ALIASES: dict[str, dict[str, Any]] = {
    "rating": {"htxs": "HTXS", "htt": "HTT", "ht": "HT", "kht": "KHT"},
}
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

RowError = dict[str, Any]


def _text(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _header(cells: tuple[object, ...]) -> dict[int, str] | None:
    names = [_text(c) for c in cells]
    if NAME not in names:
        return None
    return {i: COLUMNS[n] for i, n in enumerate(names) if n in COLUMNS}


@dataclass(frozen=True)
class Row:
    """A nominee of the sheet and the rating its row declares for the dossier's year."""

    nominee: NomineeIn
    rating: str | None = None


def _cells(
    number: int, cells: tuple[object, ...], columns: dict[int, str], errors: list[RowError]
) -> dict[str, str] | None:
    """The row's cells as text by field; None (its error recorded) when a date or CCCD cell
    cannot be read."""
    raw: dict[str, str] = {}
    for i, field in columns.items():
        read = IDENTITY_CELLS.get(field)
        try:
            raw[field] = _text(cells[i]) if read is None else _text(read(cells[i]))
        except CellError as exc:
            errors.append({"row": number, "field": FIELD_HEADERS[field], "message": str(exc)})
            return None
    return raw


def _nominee(
    number: int, raw: dict[str, str], errors: list[RowError], rule: AwardRule | None
) -> Row | None:
    data: dict[str, Any] = {"kind": "individual"}
    for field, text in raw.items():
        if not text:
            continue
        if field in VALUES:
            choice = VALUES[field].get(text.lower(), ALIASES.get(field, {}).get(text.lower()))
            if choice is None:
                allowed = ", ".join(k for k in VALUES[field] if k != "x")
                errors.append(
                    {
                        "row": number,
                        "field": FIELD_HEADERS[field],
                        "message": _("sheet.invalid_choice", value=text, allowed=allowed),
                    }
                )
                return None
            data[field] = choice
        else:
            data[field] = text
    rating = data.pop("rating", None)
    try:
        nominee = NomineeIn.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "name"
            message = _sentence(error_text(err["type"], err.get("ctx"), err["msg"]))
            errors.append(
                {"row": number, "field": FIELD_HEADERS.get(field, field), "message": message}
            )
        return None
    if rule is not None and not rule.allows(Subject(nominee.kind)):
        errors.append({"row": number, "field": FIELD_HEADERS["kind"], "message": _kinds(rule)})
        return None
    return Row(nominee, rating)


def _kinds(rule: AwardRule) -> str:
    """The award's subjects, as the create words a nominee of another kind."""
    allowed = ", ".join(subject_name(s.value) for s in rule.subjects)
    return _("msg.code_is_awarded_to_allowed", award=award_name(rule.code), allowed=allowed)


def award_of(data: dict[str, Any]) -> AwardRule | None:
    """The award the form names, to check each row's kind against; None when it names none
    or an unknown one (the create then refuses ``award_code`` itself)."""
    try:
        return default_catalog().get(str(data.get("award_code", "")))
    except UnknownAward:
        return None


def parse_nominees(path: Path, rule: AwardRule | None = None) -> list[Row]:
    """The nominees of the first sheet; raises `Invalid` with every row error (a kind `rule`,
    the award's, does not take among them)."""
    with path.open("rb") as handle:  # a handle: openpyxl judges a path by its extension
        rows = sheet_rows(handle, event="nominee_import")
        try:
            errors: list[RowError] = []
            nominees: list[Row] = []
            columns: dict[int, str] | None = None
            for number, cells in rows:
                if columns is None:
                    columns = _header(cells)
                    continue
                raw = _cells(number, cells, columns, errors)
                if raw is None or not any(raw.values()):
                    continue
                if len(nominees) + len(errors) >= MAX_ROWS:
                    raise Invalid.field("file", _("msg.at_most_max_rows_rows", max_rows=MAX_ROWS))
                nominee = _nominee(number, raw, errors, rule)
                if nominee is not None:
                    nominees.append(nominee)
        finally:
            rows.close()
    if columns is None:
        raise Invalid.field("file", _("sheet.no_header_row", column=NAME))
    if errors:
        raise Invalid(_summary(errors), errors=cast(list[dict[str, str]], errors))
    if not nominees:
        raise Invalid.field("file", _("msg.the_sheet_has_no_rows"))
    return nominees


def _sentence(text: str) -> str:
    """A field message (``phải có tối đa 300 ký tự``) as a sentence of its own."""
    return text[:1].upper() + text[1:]


def _summary(errors: list[RowError]) -> str:
    rows = sorted({e["row"] for e in errors if e.get("row") is not None})
    listed = ", ".join(str(r) for r in rows[:10])
    return _("msg.errors_in_rows_listed_nothing_created", listed=listed)


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
        errors = [{"row": None, **err} for err in translate_all(exc.errors())]
        detail = "; ".join(str(e["message"]) for e in errors)
        raise Invalid(
            _("msg.invalid_input_detail", detail=detail),
            errors=cast(list[dict[str, str]], errors),
        ) from None


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
) -> DossierOut:
    form = await receive_form(
        chunks, content_type, file_field="file", limit=state.settings.max_upload_bytes
    )
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
    return await dossiers.create(
        state=state, session=session, principal=principal, body=body, ip=ip
    )

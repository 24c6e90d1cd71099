"""A new dossier whose nominees come from an .xlsx (the new-nomination page's import form),
through `api.services.excel_import`: any bad row shows every row's Vietnamese error next to the
file field and nothing is created."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.errors import AppError, Invalid
from api.middleware import MULTIPART_SLACK
from api.services import excel_import
from api.services.uploads import PayloadTooLarge
from api.web.attachment_pages import drain, upload_errors
from api.web.context import Web, WebDep
from api.web.nomination_pages import (
    BLANK_ROW,
    award_options,
    award_type_options,
    import_context,
    initiative_register,
)
from api.web.notices import to_dossier
from api.web.session import CSRF_FIELD, csrf_form_check

router = APIRouter(include_in_schema=False)
# The create fields of the import form → the ids of their inputs on the page.
FIELD_IDS = {
    "award_code": "imp-award",
    "year": "imp-year",
    "summary": "imp-summary",
    "award_type": "imp-award_type",
    "simplified": "imp-simplified",
}
SHOWN = ("award_code", "year", "summary", "award_type", "simplified")


async def _page(
    web: Web, imp: dict[str, str], errors: dict[str, str], rows: list[str], status: int
) -> Response:
    return web.render(
        "new.html",
        status_code=status,
        form_page="/ho-so/moi",
        award_options=award_options(),
        award_type_options=award_type_options(web),
        form={},
        rows=[dict(BLANK_ROW)],
        errors={},
        targets={},
        initiatives=await initiative_register(web),
        **import_context(web, imp, errors, rows),
    )


def import_errors(web: Web, exc: AppError) -> tuple[dict[str, str], list[str]]:
    """Field messages (by input id) and the per-row messages of a refused import."""
    if isinstance(exc, Invalid) and any(e.get("row") for e in exc.errors):
        rows = [
            web.t("import.row_error", row=e["row"], field=e["field"], message=e["message"])
            for e in exc.errors
            if e.get("row")
        ]
        return {"imp-file": web.t("import.errors")}, rows
    if isinstance(exc, Invalid) and exc.errors:
        fields: dict[str, str] = {}
        for e in exc.errors:
            name = FIELD_IDS.get(str(e.get("field", "")).split(".")[0], "imp-file")
            fields.setdefault(name, str(e.get("message", "")))
        return fields, []
    return upload_errors(web, exc, "imp-file"), []


@router.post("/ho-so/nhap-excel")
async def import_xlsx(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    limit = web.state.settings.max_upload_bytes
    declared = web.request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        errors = upload_errors(web, PayloadTooLarge(""), "imp-file")
        return await _page(web, {}, errors, [], 413)
    seen: dict[str, str] = {}
    csrf = csrf_form_check(web.request)

    def check(fields: dict[str, str]) -> None:
        seen.update({k: fields.get(k, "") for k in SHOWN})
        csrf(fields)

    chunks = web.request.stream()
    try:
        created = await excel_import.import_dossier(
            state=web.state,
            session=web.session,
            principal=web.user,
            chunks=chunks,
            content_type=web.request.headers.get("content-type"),
            form_check=check,
            extra_fields=frozenset({CSRF_FIELD}),
            ip=web.ip,
        )
    except AppError as exc:
        await web.session.rollback()
        await drain(chunks, limit + MULTIPART_SLACK)
        errors, rows = import_errors(web, exc)
        return await _page(web, seen, errors, rows, exc.status)
    return await to_dossier(web, "create", created)

"""The award registry on the web ("Sổ khen thưởng", contract §12): ``/so-khen-thuong`` lists
past awards of the user's subtree (filters by org, name, award and year; names, not codes),
``/so-khen-thuong/them`` records one, ``/so-khen-thuong/mau-nhap.xlsx`` is the blank import
workbook. The same services as ``/api/v1/registry`` (``api.services.registry``): the same
scope, refusals and audit entries. Importing a workbook is :mod:`api.web.registry_import`.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.routers.documents import MEDIA
from api.schemas.registry import RegistryRecordIn
from api.services import registry, registry_workbook
from api.services.filenames import content_disposition
from api.web import registry_form as rf
from api.web.context import Web, WebDep
from api.web.render import award_name

router = APIRouter(include_in_schema=False)
LIST = "/so-khen-thuong"
ADD = "/so-khen-thuong/them"
FILTERS = ("org_code", "q", "award_code", "year")
FIELDS = (
    "name", "birth_date", "identity_number", "org_code", "award_code", "year",
    "decision_number", "decision_date",
)  # fmt: skip
LABELS = {
    "name": "registry.name",
    "birth_date": "field.birth_date",
    "identity_number": "field.identity_number",
    "org_code": "field.org_code",
    "award_code": "registry.award",
    "year": "registry.year",
    "decision_number": "field.decision_number",
    "decision_date": "field.decision_date",
}


@router.get(LIST)
async def registry_list(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    flt = rf.filters(web, FILTERS)
    shown = await rf.listing(
        web,
        flt,
        LIST,
        registry.list_records,
        award_code=flt.award_code,
        year=flt.year,
    )
    return web.render("registry/list.html", awards=rf.award_options(), **shown)


async def _add_page(web: Web, typed: dict[str, str], errors: rf.Errors, status: int) -> Response:
    return web.render(
        "registry/add.html",
        status_code=status,
        form_page=ADD,
        form=typed,
        errors=rf.ordered(errors, FIELDS),
        labels=rf.worded(web, LABELS),
        org_choices=await rf.org_choices(web),
        awards=rf.award_options(),
    )


@router.get(ADD)
async def add_form(web: WebDep) -> Response:
    if refused := rf.writer_only(web):
        return refused
    assert web.user is not None
    return await _add_page(web, {"org_code": web.user.org_code}, {}, 200)


@router.post(ADD)
async def add_record(web: WebDep) -> Response:
    if refused := rf.writer_only(web):
        return refused
    assert web.user is not None
    user = web.user
    typed, errors, status = await rf.posted(web, FIELDS)
    if not errors:
        data = {
            "person": rf.person(typed),
            **{k: typed[k].strip() for k in ("org_code", "award_code", "year", "decision_date")},
            "decision_number": typed["decision_number"],
        }
        errors, status = await rf.apply(
            web,
            RegistryRecordIn,
            data,
            lambda body: registry.create_record(
                session=web.session, principal=user, body=body, ip=web.ip
            ),
            LABELS,
        )
    if errors:
        return await _add_page(web, typed, errors, status)
    return web.redirect(
        LIST,
        notice="flash.registry_recorded",
        name=typed["name"].strip(),
        award=award_name(typed["award_code"].strip()),
        year=typed["year"].strip(),
    )


@router.get("/so-khen-thuong/mau-nhap.xlsx")
async def import_template(web: WebDep) -> Response:
    """The blank workbook of the import: the header row the reader expects (no personal data,
    so its download is not audited like a list's)."""
    if web.user is None:
        return web.to_login()
    data = registry_workbook.template(web.t("registry.title"))
    return Response(
        data,
        media_type=MEDIA["xlsx"],
        headers={
            "Content-Disposition": content_disposition("mau-so-khen-thuong.xlsx"),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )

"""The rounds pages: ``/dot-xet`` (list) and ``/dot-xet/{code}`` (who submitted, who is late).

Reuses the base template and styles of the web UI; texts come from the catalogues.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.errors import AppError
from api.schemas.rounds import ROUND_CODE
from api.services import rounds
from api.web.context import WebDep

router = APIRouter(include_in_schema=False)


@router.get("/dot-xet")
async def round_list(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        found = await rounds.list_(session=web.session, principal=web.user, status=None)
    except AppError as exc:
        return web.error_page(exc)
    await web.name_orgs(r.owner_org for r in found.items)
    return web.render("rounds.html", rounds=found.items)


@router.get("/dot-xet/{code}")
async def round_page(web: WebDep, code: Annotated[str, Path(pattern=ROUND_CODE)]) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        found = await rounds.get(
            state=web.state, session=web.session, principal=web.user, code=code
        )
    except AppError as exc:
        return web.error_page(exc)
    units = found.submitters
    await web.name_orgs([found.owner_org, *(s.org_code for s in units)])
    await web.name_orgs(f.org_code for f in found.forwarders)
    return web.render(
        "rounds_detail.html",
        r=found,
        done=len([s for s in units if s.submitted]),
        late=len([s for s in units if s.late]),
        total=len(units),
    )

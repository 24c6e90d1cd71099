"""The rounds pages: ``/dot-xet`` (list) and ``/dot-xet/{code}`` (who submitted, who is late).

Reuses the base template and styles of the web UI; texts are bilingual through ``rt``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.errors import AppError
from api.schemas.rounds import ROUND_CODE
from api.services import rounds
from api.web.context import WebDep

router = APIRouter(include_in_schema=False)

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Đợt xét khen thưởng", "Submission rounds"),
    "empty": ("Chưa có đợt xét nào.", "No rounds yet."),
    "code": ("Mã đợt", "Code"),
    "name": ("Tên đợt", "Name"),
    "owner": ("Đơn vị chủ trì", "Owner"),
    "status": ("Trạng thái", "Status"),
    "open": ("Đang mở", "Open"),
    "closed": ("Đã kết thúc", "Closed"),
    "deadlines": ("Hạn gửi theo cấp", "Cut-off per level"),
    "units": ("Đơn vị cơ sở gửi hồ sơ", "Units submitting"),
    "levels": ("Cấp trung gian chuyển hồ sơ", "Intermediate levels forwarding"),
    "org": ("Đơn vị", "Org"),
    "deadline": ("Hạn gửi", "Cut-off"),
    "sent": ("Đã gửi", "Sent"),
    "sent_at": ("Thời điểm gửi", "Sent at"),
    "dossiers": ("Hồ sơ", "Dossiers"),
    "escalations": ("Số lần báo cáo cấp trên", "Escalations"),
    "on_time": ("Đúng hạn", "On time"),
    "late": ("Trễ hạn", "Late"),
    "waiting": ("Chưa gửi", "Not yet"),
    "summary": (
        "{done}/{total} đơn vị đã gửi, {late} trễ hạn",
        "{done}/{total} units sent, {late} late",
    ),
    "back": ("Tất cả các đợt", "All rounds"),
    "level.unit": ("Cơ sở", "Unit"),
    "level.district": ("Cấp huyện", "District"),
    "level.commune": ("Cấp xã", "Commune"),
    "level.province": ("Cấp tỉnh", "Province"),
    "level.ministry": ("Bộ, ngành", "Ministry"),
}


def texts(lang: str) -> Callable[..., str]:
    index = 1 if lang == "en" else 0

    def rt(key: str, **values: object) -> str:
        pair = TEXTS.get(key)
        if pair is None:
            return key
        return pair[index].format(**values) if values else pair[index]

    return rt


@router.get("/dot-xet")
async def round_list(web: WebDep) -> Response:
    if web.user is None:
        return web.to_login()
    try:
        found = await rounds.list_(session=web.session, principal=web.user, status=None)
    except AppError as exc:
        return web.error_page(exc)
    return web.render("rounds.html", rounds=found.items, rt=texts(web.visit.lang))


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
    return web.render(
        "rounds_detail.html",
        r=found,
        rt=texts(web.visit.lang),
        done=len([s for s in units if s.submitted]),
        late=len([s for s in units if s.late]),
        total=len(units),
    )

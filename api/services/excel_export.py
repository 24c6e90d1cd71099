"""Any filtered dossier list as .xlsx (contract §14), read through the list use case."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.papers import sheet
from api.services import dossiers
from store.repositories.dossiers import ListFilter

MAX_ROWS = 10_000
STATUS_VI = {
    "in_review": "Đang xét",
    "returned": "Trả lại để bổ sung",
    "decided": "Đã quyết định",
    "rejected": "Không được khen thưởng",
    "withdrawn": "Đã rút",
    "expired": "Hết hạn",
}
HEADERS = (
    "STT",
    "Mã hồ sơ",
    "Hình thức khen thưởng",
    "Đơn vị đề nghị",
    "Trạng thái",
    "Cấp đang xét",
    "Đơn vị đang xét",
    "Ngày nộp",
    "Hạn xử lý",
    "Quá hạn",
    "Nộp muộn",
    "Đợt xét",
    "Tóm tắt",
)


async def dossiers_sheet(
    *, session: AsyncSession, principal: Principal, filters: ListFilter
) -> bytes:
    rows: list[tuple[object, ...]] = []
    page = 1
    while len(rows) < MAX_ROWS:
        found = await dossiers.list_(
            session=session,
            principal=principal,
            filters=filters,
            page=page,
            page_size=dossiers.MAX_PAGE_SIZE,
        )
        for item in found.items:
            stage = item.stage
            rows.append(
                (
                    len(rows) + 1,
                    item.id,
                    item.award_code,
                    item.proposer_org,
                    STATUS_VI.get(item.status, item.status),
                    stage.level if stage else "",
                    stage.org_code if stage else "",
                    item.created_at.strftime("%d/%m/%Y"),
                    item.due_at.strftime("%d/%m/%Y %H:%M") if item.due_at else "",
                    "Có" if item.overdue else "",
                    "Có" if item.late else "",
                    item.round_code or "",
                    item.summary,
                )
            )
        if page * dossiers.MAX_PAGE_SIZE >= found.total or not found.items:
            break
        page += 1
    return sheet.render_sheet(
        "Danh sách hồ sơ",
        HEADERS,
        rows,
        widths=(6, 20, 16, 18, 18, 12, 16, 12, 18, 9, 9, 16, 60),
    )

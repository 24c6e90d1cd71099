"""Generated papers of a dossier (contract §14): tờ trình, biên bản, quyết định, certificates.

Reads are the dossier's: anyone who can see it may download its papers. Rendering is CPU work,
so it runs in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Conflict, Invalid, NotFound
from api.papers import content, fonts, minutes, pdf, sheet, word, wording
from api.papers.content import Facts
from api.papers.model import money
from api.refusal_text import refusal_values
from api.services import nominee_sheet
from api.services.dossier_queries import scope_of
from api.services.reference import award_rule
from core.i18n import _
from core.settings import Settings
from store.repositories import dossiers, papers
from store.repositories.dossiers import NomineeRow
from store.repositories.papers import StageEvent

T = TypeVar("T")
VN_DATE_FORMAT = "%d/%m/%Y"


async def load(session: AsyncSession, principal: Principal, dossier_id: str) -> Facts:
    await scope_of(session, principal, dossier_id)
    row = await dossiers.get(session=session, dossier_id=dossier_id, with_details=True)
    assert row is not None
    codes = {row.proposer_org, *row.route_orgs}
    if row.decision is not None:
        codes.add(str(row.decision["authority_org"]))
    named = await paper_orgs(session, row.id, row.status, codes)
    return Facts(
        row=row,
        award=award_rule(row.award_code),
        orgs=named.orgs,
        chairs=named.chairs,
        events=await papers.stage_events(session=session, dossier_id=dossier_id),
        today=datetime.now(UTC).date(),
    )


async def paper_orgs(
    session: AsyncSession, dossier_id: str, status: str, codes: set[str]
) -> papers.PaperOrgs:
    """The orgs the papers name: as they stood when the dossier was decided (a decision's
    papers are a legal record: an org edited or renamed later, or a new chair, changes none of
    them); their current data for a dossier not decided yet, one decided before decisions kept
    a snapshot (migration 0023), and any org a snapshot lacks."""
    found = None
    if status == "decided":
        found = await papers.snapshot(session=session, dossier_id=dossier_id)
    if found is None:
        return await papers.named(session=session, codes=codes)
    missing = codes - found.orgs.keys()
    if not missing:
        return found
    current = await papers.named(session=session, codes=missing)
    return papers.PaperOrgs(current.orgs | found.orgs, current.chairs | found.chairs)


async def _render(render: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(render)


def font(settings: Settings) -> str:
    return fonts.register(fonts.font_dir(settings.fonts_dir))


def require_decided(facts: Facts) -> None:
    if facts.row.status != "decided" or facts.row.decision is None:
        raise Conflict(_("msg.the_dossier_has_not_been_decided"))


def stage_index(facts: Facts, level: str | None) -> int:
    """The route position of `level` (default: the proposer's stage)."""
    if level is None:
        return 0
    if level not in facts.row.route:
        values = {"level": level, "route_levels": list(facts.row.route)}
        raise Invalid.field("level", _("domain.level_not_on_route", **refusal_values(values)))
    return facts.row.route.index(level)


async def to_trinh(facts: Facts, settings: Settings, fmt: str, level: str | None) -> bytes:
    paper = content.to_trinh(facts, stage_index(facts, level))
    if fmt == "docx":
        return await _render(lambda: word.render_paper(paper))
    family = font(settings)
    return await _render(lambda: pdf.render_paper(paper, family))


def voted_meeting(facts: Facts, level: str | None) -> StageEvent:
    """The decision event with the council's vote whose minutes are asked for: at `level`, else
    the last stage that voted. A stage without a vote has no minutes: 409 naming it (as the
    quyết định of a dossier not decided yet)."""
    index = None if level is None else stage_index(facts, level)
    event = minutes.meeting(facts, level)
    if event is not None and event.org_code in facts.orgs:
        return event
    if index is None:
        raise Conflict(_("msg.no_council_voted_on_the_dossier", dossier_id=facts.row.id))
    code = [facts.row.proposer_org, *facts.row.route_orgs][index]
    org = facts.orgs.get(code)
    message = _("msg.no_council_vote_at_this_stage", org=org.name if org is not None else code)
    raise Conflict.field("level", message)


async def bien_ban(facts: Facts, settings: Settings, level: str | None) -> bytes:
    paper = minutes.bien_ban(facts, voted_meeting(facts, level))
    family = font(settings)
    return await _render(lambda: pdf.render_paper(paper, family))


async def quyet_dinh(facts: Facts, settings: Settings, fmt: str) -> bytes:
    require_decided(facts)
    if fmt == "xlsx":
        return await _render(lambda: annex_sheet(facts))
    paper = content.quyet_dinh(facts)
    if fmt == "docx":
        return await _render(lambda: word.render_paper(paper))
    family = font(settings)
    return await _render(lambda: pdf.render_paper(paper, family))


def annex_sheet(facts: Facts) -> bytes:
    row = facts.row
    assert row.decision is not None
    number, when = str(row.decision["number"]), content.decision_date(row)
    proposer = facts.orgs[row.proposer_org]
    rows = [
        (
            i,
            n.name,
            content.KINDS.get(n.kind, n.kind),
            n.title or "",
            wording.unit_of(n, proposer, facts.orgs),
            facts.award.name_vi,
            number,
            when.strftime(VN_DATE_FORMAT),
            n.bonus_vnd or 0,
        )
        for i, n in enumerate(content.approved(row), start=1)
    ]
    total = sum(int(r[-1]) for r in rows)
    return sheet.render_sheet(
        "Danh sách khen thưởng",
        (
            "STT",
            "Họ và tên / Tên tập thể",
            "Đối tượng",
            "Chức vụ",
            "Đơn vị",
            "Hình thức khen thưởng",
            "Số quyết định",
            "Ngày quyết định",
            "Tiền thưởng (đồng)",
        ),
        rows,
        widths=(6, 32, 12, 20, 30, 24, 16, 14, 18),
        caption=f"Kèm theo Quyết định số {number} ngày {when:%d/%m/%Y} — tổng tiền thưởng "
        f"{money(total)} đồng",
    )


async def certificate(facts: Facts, settings: Settings, nominee_id: str) -> bytes:
    require_decided(facts)
    nominee = next((n for n in facts.row.nominees if n.id == nominee_id), None)
    if nominee is None:
        raise NotFound(_("msg.no_nominee_nominee_id", nominee_id=nominee_id))
    if nominee.outcome != "approved":
        raise Conflict(_("msg.this_nominee_was_not_awarded", name=nominee.name))
    cert = content.certificate(facts, nominee)
    family = font(settings)
    return await _render(lambda: pdf.render_certificate(cert, family))


def _result(facts: Facts, nominee: NomineeRow) -> str:
    """A nominee's result: awarded; not awarded (left out at a stage, or the dossier refused);
    else still under review."""
    if nominee.outcome == "approved":
        return "Được khen thưởng"
    if nominee.outcome == "dropped" or facts.row.status == "rejected":
        return "Không được khen thưởng"
    return "Đang xét"


def nominees_sheet(facts: Facts) -> bytes:
    """The dossier's nominee list; its name, kind, position, birth date and CCCD columns are the
    import's (`nominee_sheet.COLUMNS`), so the file can be read back by the nominee import."""
    rows = [
        (
            i,
            n.name,
            content.KINDS.get(n.kind, n.kind),
            n.title or "",
            n.birth_date,  # a real date cell, shown dd/mm/yyyy
            n.identity_number or "",  # text: the CCCD's leading zeros stay
            _result(facts, n),
            n.bonus_vnd,
        )
        for i, n in enumerate(facts.row.nominees, start=1)
    ]
    return sheet.render_sheet(
        "Danh sách đề nghị",
        (
            "STT",
            nominee_sheet.LIST_NAME,
            nominee_sheet.KIND,
            nominee_sheet.POSITION,
            nominee_sheet.BIRTH_DATE,
            nominee_sheet.IDENTITY_NUMBER,
            "Kết quả",
            "Tiền thưởng (đồng)",
        ),
        rows,
        widths=(6, 32, 12, 24, 14, 16, 22, 18),
        caption=f"Hồ sơ {facts.row.id} — {facts.award.name_vi} — "
        f"{facts.orgs[facts.row.proposer_org].name}",
        formats={4: "DD/MM/YYYY", 5: "@"},
    )

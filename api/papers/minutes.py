"""The biên bản of a council meeting that decided on the dossier at one stage: attendance,
ballot result (ND152 Art.33.5: votes and percentage of the total membership) and conclusion.

The vote is read from the stage's decision event (`data["vote"]`: members_total, present,
in_favor) when the engine records it; otherwise the minutes say that no ballot is on record.
"""

from __future__ import annotations

from typing import Any

from api.papers.citation import citation, cite
from api.papers.content import VN, Facts, issuer, paper_day, place, signer
from api.papers.model import Paper, Table, place_date
from domain.ballot import BALLOT_BASIS
from store.repositories.papers import StageEvent

DECIDING = ("approved", "decided", "returned", "rejected")
CONCLUSIONS = {
    "approved": "Hội đồng thống nhất đề nghị cấp trên xét tặng",
    "decided": "Hội đồng thống nhất đề nghị người đứng đầu quyết định tặng",
    "returned": "Hội đồng đề nghị trả lại hồ sơ để bổ sung, chưa xét tặng",
    "rejected": "Hội đồng không đề nghị xét tặng",
}
OUTCOMES = {"approved": "Đồng ý", "rejected": "Không đồng ý", "pending": "Chưa xét"}


def meeting(facts: Facts, level: str | None) -> StageEvent | None:
    """The last decision event at `level` (default: the last decision event at any level)."""
    found = [
        e for e in facts.events if e.action in DECIDING and (level is None or e.level == level)
    ]
    return found[-1] if found else None


def _ballot(facts: Facts, vote: dict[str, Any] | None) -> list[str]:
    if not vote:
        return [
            "Thành phần dự họp: theo danh sách thành viên Hội đồng (số có mặt chưa được ghi nhận "
            "trên hệ thống).",
            "Kết quả biểu quyết: chưa được ghi nhận trên hệ thống.",
        ]
    threshold = facts.award.ballot_threshold
    total, present, yes = int(vote["members_total"]), int(vote["present"]), int(vote["in_favor"])
    share = 100 * yes / total
    lines = [
        f"Thành phần dự họp: {present}/{total} thành viên Hội đồng có mặt, vắng {total - present}.",
        f"Kết quả biểu quyết: {yes}/{total} thành viên đồng ý, đạt {share:.1f}% tổng số thành "
        "viên Hội đồng.",
    ]
    if threshold is not None:
        verdict = "đạt" if share + 1e-9 >= threshold * 100 else "không đạt"
        rule = facts.award.ballot_basis
        lines.append(
            f"Tỷ lệ yêu cầu: từ {threshold * 100:.0f}% tổng số thành viên trở lên "
            f"(theo {cite(BALLOT_BASIS) if rule is None else citation(rule)}): {verdict}."
        )
    return lines


def _objections(facts: Facts, meeting: StageEvent) -> list[str]:
    """Objections received during public posting at the meeting's org, and their resolution."""
    received = [
        e
        for e in facts.events
        if e.action == "objection_received"
        and e.org_code == meeting.org_code
        and e.at <= meeting.at
    ]
    if not received:
        return []
    resolved = [
        e.comment
        for e in facts.events
        if e.action == "objection_resolved" and e.org_code == meeting.org_code
    ]
    return [
        f"Trong thời gian niêm yết công khai, Hội đồng nhận {len(received)} ý kiến phản ánh, "
        "kiến nghị; kết quả xử lý:",
        *(f"- {line}" for line in resolved),
    ]


def bien_ban(facts: Facts, event: StageEvent) -> Paper:
    assert event.org_code is not None
    org = facts.orgs[event.org_code]
    title, chair = signer(facts, org.code)
    row = facts.row
    when = event.at.astimezone(VN)
    # A meeting recorded after the day the chair dated the decision met by that day at the
    # latest: it is dated so, without the hour of the recording.
    day = paper_day(facts, event.at)
    hour = f"{when:%H} giờ {when:%M}, " if day == when.date() else ""
    paragraphs = [
        f"Thời gian: {hour}ngày {day:%d/%m/%Y}.",
        f"Địa điểm: trụ sở {org.name}.",
        f"Chủ trì: {chair or title.capitalize()}, Chủ tịch Hội đồng Thi đua - Khen thưởng.",
        f"Nội dung: xét hồ sơ {row.id} của {facts.orgs[row.proposer_org].name} đề nghị tặng "
        f"{facts.award.name_vi} cho {len(row.nominees)} cá nhân, tập thể.",
        *_objections(facts, event),
        *_ballot(facts, event.data.get("vote")),
        f"Kết luận: {CONCLUSIONS[event.action]} {facts.award.name_vi}."
        + (f" Ý kiến: {event.comment}" if event.comment else ""),
        "Biên bản được lập xong và thông qua tại cuộc họp.",
    ]
    return Paper(
        parent_issuer=issuer(org),
        issuer="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        number="Số:       /BB-HĐTĐKT",
        place_date=place_date(place(facts, org.code), day),
        kind="BIÊN BẢN",
        subject=f"Họp Hội đồng Thi đua - Khen thưởng xét đề nghị tặng {facts.award.name_vi}",
        paragraphs=tuple(paragraphs),
        body_table=Table(
            title="DANH SÁCH XÉT",
            headers=("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Kết quả"),
            rows=tuple(
                (str(i), n.name, n.title or "", OUTCOMES.get(n.outcome, n.outcome))
                for i, n in enumerate(row.nominees, start=1)
            ),
            widths=(1, 5, 5, 2),
        ),
        signer_title="CHỦ TỊCH HỘI ĐỒNG",
        signer_name=chair,
        recipients=("Lưu: VT, TĐKT",),
    )

"""The biên bản of a council meeting that voted on the dossier at one stage: attendance,
ballot result (ND152 Art.33.5: votes and percentage of the total membership) and conclusion.

Minutes exist only for a stage whose council voted (contract §14): the vote is read from the
stage's decision event (`data["vote"]`: members_total, present, in_favor), which the engine
records only where a council sits (domain.council). A stage without one (BNV appraising, the
TTg or the CTN deciding, a council that did not ballot) has no minutes: none are invented.
At ``central`` the council is the national one (HĐTĐKT Trung ương, ND152 Art.45), whose
standing vice-chair is the Minister of Home Affairs.
"""

from __future__ import annotations

from typing import Any

from api.papers import heads, wording
from api.papers.citation import citation, cite
from api.papers.content import VN, Facts, issuer, paper_day, place, signer
from api.papers.model import Paper, Table, percent, place_date
from domain.ballot import BALLOT_BASIS
from domain.levels import Level
from store.repositories.dossiers import NomineeRow
from store.repositories.papers import OrgInfo, StageEvent

DECIDING = ("approved", "decided", "returned", "rejected")
CONCLUSIONS = {
    "approved": "Hội đồng thống nhất đề nghị cấp trên {proposal}",
    "decided": "Hội đồng thống nhất đề nghị người đứng đầu quyết định {conferral}",
    "returned": "Hội đồng đề nghị trả lại hồ sơ để bổ sung, chưa {proposal}",
    "rejected": "Hội đồng không đề nghị {proposal}",
}
AGREED, REFUSED, UNDECIDED = "Đồng ý", "Không đồng ý", "Chưa xét"


def meeting(facts: Facts, level: str | None) -> StageEvent | None:
    """The last decision event with a council's vote at `level` (default: at any level)."""
    found = [
        e
        for e in facts.events
        if e.action in DECIDING and e.data.get("vote") and (level is None or e.level == level)
    ]
    return found[-1] if found else None


def _ballot(facts: Facts, vote: dict[str, Any]) -> list[str]:
    threshold = facts.award.ballot_threshold
    total, present, yes = int(vote["members_total"]), int(vote["present"]), int(vote["in_favor"])
    share = 100 * yes / total
    lines = [
        f"Thành phần dự họp: {present}/{total} thành viên Hội đồng có mặt, vắng {total - present}.",
        f"Kết quả biểu quyết: {yes}/{total} thành viên đồng ý, đạt {percent(share, 1)} tổng số "
        "thành viên Hội đồng.",
    ]
    if threshold is not None:
        verdict = "đạt" if share + 1e-9 >= threshold * 100 else "không đạt"
        rule = facts.award.ballot_basis
        lines.append(
            f"Tỷ lệ yêu cầu: từ {percent(threshold * 100)} tổng số thành viên trở lên "
            f"(theo {cite(BALLOT_BASIS) if rule is None else citation(rule)}): {verdict}."
        )
    return lines


def _council(org: OrgInfo) -> tuple[str | None, str, str, str]:
    """(parent issuer, council, the role of who chaired, the title above the signature)."""
    if org.level == Level.central:
        return None, heads.NATIONAL_COUNCIL, "Phó Chủ tịch Thường trực", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
    return issuer(org), heads.COUNCIL, "Chủ tịch", "CHỦ TỊCH HỘI ĐỒNG"


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


def _dropped_before(facts: Facts, meeting: StageEvent) -> set[str]:
    """The nominees an earlier stage left out (recorded with its approval): not before this
    council."""
    earlier = (e for e in facts.events if e.at < meeting.at and e.action in DECIDING)
    return {i for e in earlier for i in e.data.get("dropped", ())}


def results(facts: Facts, meeting: StageEvent) -> list[tuple[NomineeRow, str]]:
    """Each nominee put to the council of ``meeting`` and its result there: agreed (with the
    ballot) when the council approved or decided and kept the nominee, not agreed when it left
    the nominee out or refused the dossier, not decided only when it returned the dossier.
    The nominees an approval left out are in its ``data["dropped"]``; before that was recorded,
    a nominee left out anywhere is taken as left out at this council."""
    earlier = _dropped_before(facts, meeting)
    recorded = meeting.data.get("dropped")
    vote = meeting.data.get("vote")
    agreed = AGREED
    if vote:
        agreed = f"{AGREED} ({int(vote['in_favor'])}/{int(vote['members_total'])} phiếu)"
    found = []
    for n in facts.row.nominees:
        if n.id in earlier:
            continue
        left_out = n.id in (recorded or ()) or (recorded is None and n.outcome == "dropped")
        if meeting.action == "returned":
            result = UNDECIDED
        elif meeting.action == "rejected" or left_out:
            result = REFUSED
        else:
            result = agreed
        found.append((n, result))
    return found


def bien_ban(facts: Facts, event: StageEvent) -> Paper:
    assert event.org_code is not None
    vote = event.data.get("vote")
    assert vote, "minutes are of a stage whose council voted (meeting())"
    org = facts.orgs[event.org_code]
    chair = signer(facts, org.code)[1]
    parent, council, role, signature = _council(org)
    row = facts.row
    when = event.at.astimezone(VN)
    # A meeting recorded after the day the chair dated the decision met by that day at the
    # latest: it is dated so, without the hour of the recording.
    day = paper_day(facts, event.at)
    hour = f"{when:%H} giờ {when:%M}, " if day == when.date() else ""
    considered = results(facts, event)
    award = facts.award
    conclusion = CONCLUSIONS[event.action].format(
        proposal=wording.proposal(award), conferral=wording.conferral(award)
    )
    proposer = facts.orgs[row.proposer_org]
    paragraphs = [
        f"Thời gian: {hour}ngày {day:%d/%m/%Y}.",
        f"Địa điểm: trụ sở {org.name}.",
        f"Chủ trì: {chair or heads.head_of(org)}, {role} {council}.",
        f"Nội dung: xét hồ sơ {row.id} của {proposer.name} đề nghị {wording.conferral(award)} "
        f"cho {wording.counted(n for n, _result in considered)}.",
        *_objections(facts, event),
        *_ballot(facts, vote),
        f"Kết luận: {conclusion}." + (f" Ý kiến: {event.comment}" if event.comment else ""),
        "Biên bản được lập xong và thông qua tại cuộc họp.",
    ]
    return Paper(
        parent_issuer=parent,
        issuer=council.upper(),
        number="Số:       /BB-HĐTĐKT",
        place_date=place_date(place(facts, org.code), day),
        kind="BIÊN BẢN",
        subject=f"Họp Hội đồng Thi đua - Khen thưởng xét đề nghị {wording.conferral(award)}",
        paragraphs=tuple(paragraphs),
        body_table=Table(
            title="DANH SÁCH XÉT",
            headers=("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Kết quả"),
            rows=tuple(
                (str(i), n.name, wording.position_and_unit(n, proposer, facts.orgs), result)
                for i, (n, result) in enumerate(considered, start=1)
            ),
            widths=(1, 5, 5, 2),
        ),
        signer_title=signature,
        signer_name=chair,
        recipients=("Lưu: VT, TĐKT",),
    )

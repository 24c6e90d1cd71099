"""Build the papers of a dossier from its read model (ND152 Mẫu 01 tờ trình, biên bản,
quyết định with its annexed list, certificates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from api.papers import heads, wording
from api.papers.citation import INSTRUMENTS, citation
from api.papers.model import Certificate, Paper, Table, money, place_date
from domain.ballot import COUNCIL_LEVELS
from domain.catalog import AwardRule
from domain.levels import Level
from domain.org_names import default_doc_symbol, locality_of
from domain.routes import aligned_orgs
from store.repositories.dossiers import DossierRow, NomineeRow
from store.repositories.papers import OrgInfo, StageEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LAW = f"Căn cứ {INSTRUMENTS['Law 06/2022/QH15']};"
DECREE = (
    f"Căn cứ {INSTRUMENTS['ND152/2025']} quy định chi tiết một số điều của "
    "Luật Thi đua, khen thưởng;"
)
# Who submits to the TTg and to the CTN when the route does not name them.
SUBMITTERS = {Level.central: "Bộ trưởng Bộ Nội vụ"}
KINDS = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}


@dataclass(frozen=True)
class Facts:
    """Everything a paper of one dossier may say."""

    row: DossierRow
    award: AwardRule
    orgs: dict[str, OrgInfo]
    chairs: dict[str, str]
    events: list[StageEvent]
    today: date


def achievement(summary: str | None) -> str:
    """The achievement clause: the dossier's summary quoted, else the customary words (a
    dossier lodged before the summary was required may have none)."""
    text = (summary or "").strip()
    return f"đã có thành tích: {text}" if text else "đã có thành tích xuất sắc"


def issuer(org: OrgInfo) -> str:
    name = org.name
    if name.startswith("UBND "):
        name = "Ủy ban nhân dân " + name[5:]
    return name.upper()


def place(facts: Facts, code: str) -> str:
    """The place name (địa danh) of the org's date line: its own, else derived up the tree."""
    return locality_of(code, facts.orgs)


def symbol(org: OrgInfo) -> str:
    """The issuing body's symbol in a paper's number ("TTr-THPTLTT"), never its org code."""
    return org.doc_symbol or default_doc_symbol(org.code, Level(org.level), org.name)


def basis(facts: Facts) -> str:
    return f"Căn cứ {citation(facts.award.basis)};"


def local_day(at: datetime) -> date:
    return at.astimezone(VN).date()


def paper_day(facts: Facts, at: datetime) -> date:
    """The day of a step recorded `at`, as the dossier's papers print it: never after the
    decision (a chair may date the decision before recording it; the steps that led to it, its
    council's meeting included, came first)."""
    day = local_day(at)
    return day if facts.row.decision is None else min(day, decision_date(facts.row))


def stage_day(facts: Facts, index: int) -> date:
    """The day stage `index` sent the dossier up: the proposer's last (re)submission, a level's
    approval, the decision at the deciding stage; today while that has not happened."""
    row = facts.row
    chain = aligned_orgs(row.route, row.route_orgs, row.proposer_org)
    if index == 0:
        actions, org = {"submitted", "resubmitted"}, None
    else:
        actions, org = {"approved", "decided"}, chain[index]
    found = [e for e in facts.events if e.action in actions and org in (None, e.org_code)]
    if not found:
        today = facts.today
        return today if row.decision is None else min(today, decision_date(row))
    return paper_day(facts, found[-1].at)


def signer(facts: Facts, code: str) -> tuple[str, str]:
    return heads.signature_title(facts.orgs[code]), facts.chairs.get(code, "")


def _submitter(facts: Facts, level: Level) -> str:
    """The head who submitted the dossier to the TTg (the Minister of Home Affairs) or to the
    CTN (the TTg): the org of that level on the route, else the one the law names."""
    row = facts.row
    for code in (row.proposer_org, *row.route_orgs):
        org = facts.orgs.get(code)
        if org is not None and org.level == level:
            return heads.head_of(org)
    return heads.office(level) if level in heads.OFFICES else SUBMITTERS[level]


def forwarder(facts: Facts, authority: str) -> OrgInfo:
    """The org that submitted the dossier to ``authority``: the stage before it on the route
    (the Sở GD&ĐT forwarding a school's dossier to the province, the district a unit's), the
    proposer when it submitted directly (or is the authority itself)."""
    row = facts.row
    chain = aligned_orgs(row.route, row.route_orgs, row.proposer_org)
    if authority in chain:
        index = len(chain) - 1 - chain[::-1].index(authority)
        if index > 0 and chain[index - 1] in facts.orgs:
            return facts.orgs[chain[index - 1]]
    return facts.orgs[row.proposer_org]


def recital(facts: Facts, org: OrgInfo) -> str:
    """On whose proposal the decision is taken (domain.md §3.1; ND152 Art.36–38): the TTg on
    the Minister of Home Affairs', the CTN on the TTg's; any other body on that of the org that
    submitted the dossier to it and of its own council (a body that proposed itself: its
    council's alone)."""
    level = Level(org.level)
    if level is Level.government:
        return f"Xét đề nghị của {_submitter(facts, Level.central)}."
    if level is Level.president:
        return f"Xét đề nghị của {_submitter(facts, Level.government)}."
    sender = forwarder(facts, org.code)
    council = heads.council_of(org) if level in COUNCIL_LEVELS else None
    if council is None:
        return f"Xét đề nghị của {heads.body_name(sender)}."
    if sender.code == org.code:
        return f"Xét đề nghị của {council}."
    return f"Xét đề nghị của {heads.body_name(sender)} và của {council}."


def _nominee_rows(
    facts: Facts, nominees: list[NomineeRow], with_bonus: bool
) -> tuple[tuple[str, ...], ...]:
    proposer = facts.orgs[facts.row.proposer_org]
    rows = []
    for index, n in enumerate(nominees, start=1):
        cell = wording.position_and_unit(n, proposer, facts.orgs)
        row = [str(index), n.name, cell, KINDS.get(n.kind, n.kind)]
        if with_bonus:
            row.append(money(n.bonus_vnd or 0))
        rows.append(tuple(row))
    return tuple(rows)


def approved(row: DossierRow) -> list[NomineeRow]:
    return [n for n in row.nominees if n.outcome == "approved"]


def decision_date(row: DossierRow) -> date:
    assert row.decision is not None
    raw = row.decision["date"]
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw))


def to_trinh(facts: Facts, index: int) -> Paper:
    """The tờ trình of the route's stage `index`, addressed to the next stage's org."""
    row = facts.row
    chain = aligned_orgs(row.route, row.route_orgs, row.proposer_org)  # one org per level
    org = facts.orgs[chain[index]]
    upper = chain[index + 1] if index + 1 < len(chain) else None
    title, name = signer(facts, org.code)
    asked = wording.proposal(facts.award)
    return Paper(
        issuer=issuer(org),
        number=f"Số:       /TTr-{symbol(org)}",
        place_date=place_date(place(facts, org.code), stage_day(facts, index)),
        kind="TỜ TRÌNH",
        subject=f"Về việc đề nghị {wording.conferral(facts.award)}",
        addressee=None if upper is None else f"Kính gửi: {facts.orgs[upper].name}",
        paragraphs=(
            LAW,
            DECREE,
            basis(facts),
            f"{org.name} đề nghị {asked} cho {wording.counted(row.nominees)} "
            f"có tên trong danh sách kèm theo (hồ sơ {row.id}).",
            f"Tóm tắt thành tích: {row.summary or '(không có)'}",
            f"Kính trình {facts.orgs[upper].name if upper else 'cấp có thẩm quyền'} xem xét, "
            "quyết định.",
        ),
        signer_title=title,
        signer_name=name,
        recipients=("Như trên", "Lưu: VT"),
        annex=Table(
            title=f"DANH SÁCH ĐỀ NGHỊ {wording.conferral(facts.award).upper()}",
            headers=("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Đối tượng"),
            rows=_nominee_rows(facts, row.nominees, with_bonus=False),
            widths=(1, 5, 5, 2),
        ),
    )


def quyet_dinh(facts: Facts) -> Paper:
    row = facts.row
    assert row.decision is not None
    org = facts.orgs[row.decision["authority_org"]]
    title, name = signer(facts, org.code)
    number = str(row.decision["number"])
    when = decision_date(row)
    awardees = approved(row)
    total = sum(n.bonus_vnd or 0 for n in awardees)
    proposer = facts.orgs[row.proposer_org]
    return Paper(
        issuer=issuer(org),
        number=f"Số: {number}",
        place_date=place_date(place(facts, org.code), when),
        kind="QUYẾT ĐỊNH",
        subject=f"Về việc {wording.conferral(facts.award)}",
        paragraphs=(
            heads.authority(org),
            LAW,
            DECREE,
            basis(facts),
            recital(facts, org),
            "QUYẾT ĐỊNH:",
            f"Điều 1. {wording.sentence(wording.conferral(facts.award))} cho "
            f"{wording.counted(awardees)} có tên trong danh sách kèm theo, "
            f"{achievement(row.summary)}.",
            f"Điều 2. Kèm theo là tiền thưởng theo Nghị định số 152/2025/NĐ-CP, tổng cộng "
            f"{money(total)} đồng.",
            f"Điều 3. {proposer.name} và {wording.holders(awardees)} có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này.",
        ),
        signer_title=title,
        signer_name=name,
        recipients=("Như Điều 3", "Lưu: VT, TĐKT"),
        annex=Table(
            title=f"DANH SÁCH {wording.listed(facts.award)} "
            f"(Kèm theo Quyết định số {number} ngày {when:%d/%m/%Y})",
            headers=(
                "STT",
                "Họ và tên / Tên tập thể",
                "Chức vụ, đơn vị",
                "Đối tượng",
                "Tiền thưởng (đồng)",
            ),
            rows=_nominee_rows(facts, awardees, with_bonus=True),
            widths=(1, 5, 5, 2, 3),
        ),
    )


def certificate(facts: Facts, nominee: NomineeRow) -> Certificate:
    row = facts.row
    assert row.decision is not None
    org = facts.orgs[row.decision["authority_org"]]
    title, name = signer(facts, org.code)
    number = str(row.decision["number"])
    when = decision_date(row)
    position = next(i for i, n in enumerate(approved(row), start=1) if n.id == nominee.id)
    return Certificate(
        issuer_title=heads.authority(org),
        award_name=facts.award.name_vi.upper(),
        awardee=nominee.name,
        awardee_detail=wording.position_and_unit(nominee, facts.orgs[row.proposer_org], facts.orgs),
        achievement=f"Đ{achievement(row.summary)[1:]}",
        decision=f"Quyết định số {number} ngày {when:%d/%m/%Y}",
        place_date=place_date(place(facts, org.code), when),
        signer_title=title,
        signer_name=name,
        register_no=f"Số vào sổ: {number.split('/')[0]}-{position:03d}",
    )

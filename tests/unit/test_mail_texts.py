"""The e-mails the activities queue: every text from the catalogues (``mail.*``), Vietnamese,
naming orgs, awards and rounds by name rather than by code."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from activities.digest import Digest, Item, render_digest
from activities.notify import KINDS, render
from activities.round import render_escalation
from core import i18n
from domain.due import DueClass
from domain.levels import Level
from workflows.activity_contracts import NotifyInput, Recipient
from workflows.round_contracts import RoundNotice

ROOT = Path(__file__).resolve().parents[2]
DUE = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # 17:00 in Vietnam
NAMES = {
    "BN-QV": "UBND huyện Quế Võ",
    "BN-TD-THLV": "Trường Tiểu học Lạc Vệ",
    "BN-TD": "UBND xã Tân Dân",
}
CODES = ("BN-QV", "BN-TD-THLV", "BN-TD", "CSTD_CS")
AWARD = "Chiến sĩ thi đua cơ sở"  # the name of CSTD_CS


def _catalogue(lang: i18n.Lang) -> dict[str, str]:
    with i18n.po_path(lang).open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle, locale=lang) if m.id}


def _literal_msgids() -> set[str]:
    """The msgids written out in the activities (``_("mail.…")``)."""
    return {
        message
        for _f, _l, message, _c, _x in extract_from_dir(
            str(ROOT / "activities"), method_map=[("**.py", "python")], keywords={"_": None}
        )
        if isinstance(message, str)
    }


def _mail_msgids() -> set[str]:
    built = {f"mail.subject.{k}" for k in (*KINDS, "other")}
    built |= {f"mail.level.{lv.value}" for lv in Level}
    return _literal_msgids() | built


def test_every_mail_msgid_the_activities_use_is_in_both_catalogues() -> None:
    used = _mail_msgids()
    assert {"mail.greeting", "mail.signature", "mail.digest.subject"} <= used
    assert "mail.round.escalation.subject" in used
    for lang in ("vi", "en"):
        texts = _catalogue(lang)
        missing = sorted(m for m in used if not texts.get(m, "").strip())
        assert not missing, (lang, missing)


def test_no_mail_msgid_is_left_unused() -> None:
    stray = {m for m in _catalogue("vi") if m.startswith("mail.")} - _mail_msgids()
    assert not stray


def _leftovers(text: str) -> list[str]:
    """Codes, msgids or placeholders that should never reach a reader."""
    found = [c for c in CODES if c in text]
    found += re.findall(r"\bmail\.[a-z_.]+|%\(\w+\)s", text)
    return found


def _notice(kind: str) -> NotifyInput:
    return NotifyInput(
        event_key=f"dossier-HS-2026-0000012:3:{kind}",
        dossier_id="HS-2026-0000012",
        kind=kind,
        recipients=[Recipient("BN-QV")],
        award_name=AWARD,
        level="district",
        org_code="BN-QV",
        due_at=DUE,
        comment="Bổ sung bản thành tích",
        escalation_level=2,
    )


@pytest.mark.parametrize("kind", [*KINDS, "something_new"])
def test_a_dossier_mail_of_each_kind_is_vietnamese_and_names_org_and_award(kind: str) -> None:
    with i18n.using("en"):  # whatever language the context holds, a mail is Vietnamese
        subject, body = render(_notice(kind), NAMES["BN-QV"])
    assert "HS-2026-0000012" in subject
    assert body.startswith("Kính gửi đồng chí,\n\n")
    assert f"Hình thức khen thưởng: {AWARD}." in body
    assert "Cơ quan đang xử lý: UBND huyện Quế Võ (cấp huyện)." in body
    assert "Thời hạn xử lý: 17:00 ngày 05/12/2026." in body
    assert "Ý kiến: Bổ sung bản thành tích" in body
    assert body.endswith("Hệ thống quản lý thi đua, khen thưởng (tdkt).")
    assert _leftovers(subject + body) == []
    en_subject, en_body = render(_notice(kind), NAMES["BN-QV"], "en")
    assert en_subject != subject
    assert "Now handled by: UBND huyện Quế Võ (district level)." in en_body


def test_dossier_mail_subjects_read_as_before() -> None:
    assert render(_notice("escalated"))[0] == "Báo cáo quá hạn (lần 2): hồ sơ HS-2026-0000012"
    assert render(_notice("arrived"))[0] == "Hồ sơ HS-2026-0000012 chờ xét duyệt"
    assert render(_notice("something_new"))[0] == "Thông báo về hồ sơ HS-2026-0000012"


def test_a_level_without_words_is_left_out_rather_than_shown_as_a_code() -> None:
    notice = _notice("arrived")
    notice.level = "galaxy"
    _subject, body = render(notice, NAMES["BN-QV"])
    assert "Cơ quan đang xử lý: UBND huyện Quế Võ." in body
    assert "galaxy" not in body


def test_the_digest_names_the_org_the_award_and_the_proposer() -> None:
    digest = Digest("BN-QV")
    dossier = Item(DUE, "HS-2026-0000012", award_code="CSTD_CS", proposer_org="BN-TD-THLV")
    digest.add(dossier, DueClass.overdue, waiting=True)
    digest.add(Item(None, "HS-2026-0000013", "CSTD_CS", "BN-TD"), DueClass.later, waiting=True)
    late_round = Item(DUE, round_code="BN-TK-2026", round_name="Tổng kết năm 2026")
    digest.add(late_round, DueClass.due_soon, waiting=False)
    assert digest.org_codes() == {"BN-QV", "BN-TD-THLV", "BN-TD"}
    with i18n.using("en"):
        subject, body = render_digest(digest, "03/12/2026", 3, NAMES)
    assert subject == (
        "Tổng hợp ngày 03/12/2026 — UBND huyện Quế Võ: 2 hồ sơ chờ xử lý, 1 quá hạn, 1 sắp đến hạn"
    )
    assert body.startswith("Kính gửi đồng chí Chủ tịch,\n\n")
    assert "Hồ sơ đang chờ đồng chí xử lý (2):" in body
    line = f"  - Hồ sơ HS-2026-0000012 ({AWARD}) của Trường Tiểu học Lạc Vệ — hạn 17:00 ngày "
    assert line + "05/12/2026" in body
    assert f"  - Hồ sơ HS-2026-0000013 ({AWARD}) của UBND xã Tân Dân — không có hạn" in body
    assert "Đến hạn trong 3 ngày làm việc tới (1):" in body
    assert "  - Gửi hồ sơ đợt BN-TK-2026 (Tổng kết năm 2026) — hạn 17:00 ngày 05/12/2026" in body
    assert _leftovers(subject + body) == []
    en_subject, en_body = render_digest(digest, "03/12/2026", 3, NAMES, "en")
    assert en_subject.startswith("Summary for 03/12/2026 — UBND huyện Quế Võ")
    assert "Grassroots Emulation Fighter" in en_body


def test_an_empty_section_of_the_digest_says_so() -> None:
    digest = Digest("BN-QV")
    digest.add(Item(DUE, "HS-1", "CSTD_CS", "BN-TD"), DueClass.later, waiting=True)
    _subject, body = render_digest(digest, "03/12/2026", 3, NAMES)
    assert "Đã quá hạn (0):\n  (không có)\n" in body


def test_the_round_escalation_names_the_late_org_and_the_round() -> None:
    notice = RoundNotice(
        event_key="round-BN-TK-2026:BN-TD-THLV:2",
        round_code="BN-TK-2026",
        round_name="Tổng kết năm 2026",
        org_code="BN-TD-THLV",
        level="unit",
        escalation_level=2,
        deadline=DUE,
        recipients=[Recipient("BN-TD-THLV"), Recipient("BN-TD")],
    )
    with i18n.using("en"):
        subject, body = render_escalation(notice, NAMES["BN-TD-THLV"])
    assert subject == ("Báo cáo chậm gửi hồ sơ (lần 2): Trường Tiểu học Lạc Vệ — Tổng kết năm 2026")
    assert body.startswith("Kính gửi đồng chí,\n\n")
    assert "Hạn gửi của cấp cơ sở: 17:00 ngày 05/12/2026; đến nay chưa gửi hồ sơ nào." in body
    assert "Đợt xét khen thưởng: Tổng kết năm 2026 (mã đợt BN-TK-2026)." in body
    assert _leftovers(subject + body) == []
    en_subject, _en_body = render_escalation(notice, NAMES["BN-TD-THLV"], "en")
    assert en_subject.startswith("Late submission report (notice 2): Trường Tiểu học Lạc Vệ")

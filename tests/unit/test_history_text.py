"""System-written history comments are worded at display time in the reader's language; a
person's comment stays as typed (the stored text never changes: recorded histories replay)."""

from __future__ import annotations

import pytest

from api.web.history_text import history_comment
from core import i18n

# (action, the domain's stored sentence, its English wording)
SYSTEM = [
    ("submitted", "Nộp hồ sơ đề nghị khen thưởng", "Nomination dossier submitted"),
    ("drafted", "Lập hồ sơ nháp", "Draft dossier created"),
    ("posting_ended", "Kết thúc niêm yết công khai", "Public posting ended"),
    ("reminded", "Sắp đến hạn xử lý hồ sơ", "The deadline for handling the dossier is near"),
    (
        "escalated",
        "Quá hạn xử lý: báo cáo cấp trên lần 2",
        "Handling overdue: reported to the level above (time 2)",
    ),
    ("expired", "Quá hạn nộp lại hồ sơ", "The deadline for resubmitting the dossier passed"),
    ("decided", "Quyết định số 12/QĐ-UBND", "Decision No. 12/QĐ-UBND"),
    ("objection_received", "Nhận phản ánh, kiến nghị PA-7K2", "Objection PA-7K2 received"),
    (
        "objection_resolved",
        "Phản ánh PA-7K2: không chấp nhận — Đã xác minh, không đúng",
        "Objection PA-7K2: not accepted — Đã xác minh, không đúng",
    ),
]


@pytest.mark.parametrize(("action", "stored", "english"), SYSTEM)
def test_system_comment_in_the_readers_language(action: str, stored: str, english: str) -> None:
    with i18n.using("en"):
        assert history_comment(action, stored) == english
    with i18n.using("vi"):
        assert history_comment(action, stored) == stored


@pytest.mark.parametrize(
    ("action", "typed"),
    [
        ("submitted", "Kính trình Hội đồng xem xét"),  # a person's own words on a submission
        ("withdrawn", "Nộp hồ sơ đề nghị khen thưởng"),  # not a system step
        ("objection_resolved", "Phản ánh PA-1: đồng ý một phần — xem biên bản"),
        ("returned", "Bổ sung minh chứng 100%"),
    ],
)
def test_a_persons_comment_stays_as_typed(action: str, typed: str) -> None:
    with i18n.using("en"):
        assert history_comment(action, typed) == typed


def test_the_domain_writes_the_sentences_the_catalogue_recognises() -> None:
    """The Vietnamese catalogue entries are the domain's own sentences (read from its source)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "domain"
    source = "".join(p.read_text() for p in sorted(root.glob("dossier*.py")))
    for action, _stored, _english in SYSTEM:
        template = i18n.raw(f"history.{action}", "vi").split("%(")[0]
        assert template in source or action == "objection_resolved", (action, template)
    assert 'f"Quá hạn xử lý: báo cáo cấp trên lần {n}"' in source
    assert 'f"Nhận phản ánh, kiến nghị {cmd.reference}"' in source
    assert 'f"Phản ánh {cmd.reference}: {OUTCOME_NAMES[cmd.outcome]} — {cmd.comment}"' in source

"""Domain refusals worded from the catalogues: names for codes, Vietnamese first, English too."""

from __future__ import annotations

from api.domain_text import needs_role, reword, reword_field
from core import i18n


def test_english_domain_refusals_read_as_vietnamese_with_names() -> None:
    assert reword_field("subject", "subject: TTLDTT is not awarded to a individual") == (
        "Đối tượng: Tập thể lao động tiên tiến không xét tặng cho cá nhân."
    )
    assert reword("no machine-checkable rules for GIAY_KHEN (individual)") == (
        "Chưa có bộ tiêu chí kiểm tra tự động cho Giấy khen (cá nhân); Hội đồng xét theo hồ sơ."
    )
    assert reword_field("vote.present", "present: must be between 0 and 15") == (
        "Số thành viên có mặt: phải từ 0 đến 15"
    )
    assert needs_role(["officer"]) == "Việc này cần vai trò cán bộ thi đua – khen thưởng."


def test_state_machine_refusals_lose_their_codes() -> None:
    assert reword("Hồ sơ đang ở trạng thái decided, không thể xét duyệt") == (
        "Hồ sơ đang ở trạng thái “đã quyết định”, không thể xét duyệt."
    )
    assert "BN" not in reword("Hồ sơ đang chờ BN xét duyệt")
    assert reword_field("nominees[0].kind", "TTLDTT không xét cho đối tượng individual") == (
        "Loại (dòng 1): Tập thể lao động tiên tiến không xét tặng cho cá nhân."
    )


def test_sentences_kept_as_written_get_citations_in_words_and_decimal_commas() -> None:
    polished = reword_field(
        "vote.present",
        "present: Không đủ số thành viên dự họp: có mặt 5/11, cần ít nhất 8 "
        "(66.67 % tổng số thành viên, ND152/2025 Art.45.4)",
    )
    assert "66,67\u00a0%" in polished
    assert "khoản 4 Điều 45 Nghị định 152/2025/NĐ-CP" in polished


def test_the_same_refusals_in_english() -> None:
    with i18n.using("en"):
        assert reword("Gia hạn phải ghi rõ lý do") == "An extension needs a reason."
        assert reword_field("subject", "subject: TTLDTT is not awarded to a individual") == (
            "Subject: Advanced Labour Collective is not given to this kind of nominee (individual)."
        )


def test_draft_and_objection_refusals_read_in_both_languages() -> None:
    assert reword("Chỉ nộp được hồ sơ đang ở trạng thái nháp") == (
        "Chỉ nộp được hồ sơ đang ở trạng thái nháp."
    )
    assert reword_field("objection", "Không có phản ánh PA-7K3M9Q2XDF trong hồ sơ") == (
        "Phản ánh, kiến nghị: Không có phản ánh PA-7K3M9Q2XDF trong hồ sơ."
    )
    closed = "Hồ sơ đã kết thúc (withdrawn), không thể xử lý phản ánh"
    assert "withdrawn" not in reword(closed)
    with i18n.using("en"):
        assert reword("Phản ánh PA-7K3M9Q2XDF đã được xử lý") == (
            "Objection PA-7K3M9Q2XDF was already resolved."
        )
        assert reword("Còn phản ánh, kiến nghị chưa được xử lý: PA-1, PA-2") == (
            "Objections not yet resolved: PA-1, PA-2."
        )
        assert reword(closed) == (
            "The dossier is closed (withdrawn); objections can no longer be resolved."
        )

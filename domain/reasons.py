"""Reasons of checks and ballots in machine form: a key plus values, Vietnamese by default.

A check explains itself with a ``key`` (the msgid ``check.<key>`` of the catalogues) and
``values``: years, counts, ratios, and *codes* (ratings, awards, scopes, subjects), never
words. The API words them in the reader's language, names in place of codes. The domain reads
no catalogue of messages, so :data:`TEMPLATES` keeps the Vietnamese sentence of each key (the
same text as ``locale/vi``, a test holds them equal) for the ``detail`` every check still
carries: logs, and checks stored before reasons had keys, read it.

A value's *name* says how it is worded (:data:`VALUE_KINDS`): ``year`` "2025", ``years``
"2023, 2024" (or "không có"), ``rating`` "hoàn thành tốt nhiệm vụ", ``award`` the catalogue's
name, ``percent`` an integer percentage, ``share`` a ratio, dates ISO-8601, ``cite`` a compact
legal citation ("Law 06/2022/QH15 Art.24").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final, Literal

from domain.catalog import name_vi
from domain.eligibility_model import Check, CheckValue, Rating

__all__ = ["TEMPLATES", "VALUE_KINDS", "reason", "vi_value", "word"]

ValueKind = Literal[
    "year", "years", "count", "ratio", "percent", "rating", "award", "awards_or", "award_list",
    "scope", "subject", "date", "cite", "freeze", "text",
]  # fmt: skip

VALUE_KINDS: Final[dict[str, ValueKind]] = {
    "year": "year", "previous": "year", "start": "year", "base": "year",
    "years": "years", "missing": "years",
    "count": "count", "have": "count", "total": "count", "allowed": "count",
    "required": "count", "in_favor": "count", "members_total": "count", "present": "count",
    "share": "ratio", "threshold": "ratio", "quorum": "ratio", "percent": "percent",
    "rating": "rating", "required_rating": "rating",
    "award": "award", "awards": "awards_or", "forms": "award_list",
    "scope": "scope", "subject": "subject",
    "on": "date", "starts": "date", "ends": "date", "lapsed": "date",
    "cite": "cite", "name": "text",
    "since": "date", "until": "date", "freeze": "freeze", "decision": "text",
}  # fmt: skip

RATING_VI: Final[dict[str, str]] = {
    Rating.HTXS: "hoàn thành xuất sắc nhiệm vụ",
    Rating.HTT: "hoàn thành tốt nhiệm vụ",
    Rating.HT: "hoàn thành nhiệm vụ",
    Rating.KHT: "không hoàn thành nhiệm vụ",
}
SCOPE_VI: Final = {"unit": "cơ sở", "province": "cấp tỉnh", "national": "toàn quốc"}
SUBJECT_VI: Final = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
NO_YEARS: Final = "không có"
# What a period of the discipline register is, as it reads after "Đang trong" (ND152 Art.4.4).
FREEZE_VI: Final[dict[str, str]] = {
    "discipline": "thời gian thi hành kỷ luật",
    "disciplinary_review": "đang xem xét thi hành kỷ luật",
    "investigation": "đang bị điều tra, thanh tra, kiểm tra",
    "prosecution": "đang bị truy tố, xét xử",
    "complaint": "đơn thư khiếu nại, tố cáo đang được xác minh",
}

_UNDECIDED = "chưa thể kết luận đủ điều kiện, Hội đồng thi đua xem xét"
_NO_CRITERIA = "Không có tiêu chí %(award)s (%(subject)s) có hiệu lực ngày %(on)s"
_MISSING = "Thiếu số liệu thành viên năm %(year)s"
_STREAK = "%(count)s năm liên tục đạt %(award)s đến năm %(year)s"
_BALLOT = (
    "%(in_favor)s/%(members_total)s thành viên đồng ý (%(share)s tổng số thành viên, có mặt "
    "%(present)s); yêu cầu ≥ %(threshold)s"
)

TEMPLATES: Final[dict[str, str]] = {
    # individuals (domain.eligibility_rules)
    "rating_at_least": "Năm %(year)s xếp loại %(rating)s; yêu cầu từ %(required_rating)s trở lên",
    "ldtt_standard": "Năm %(year)s xếp loại %(rating)s; yêu cầu đạt tiêu chuẩn %(award)s (từ "
    "%(required_rating)s trở lên), không cần đã có danh hiệu",
    "two_cycles": "Các lần đạt %(awards)s (năm kết thúc chu kỳ): %(years)s; yêu cầu 2 lần liên "
    "tiếp, lần sau kết thúc năm %(year)s và lần trước năm %(previous)s",
    "htxs_or_initiative": "Năm %(year)s: xếp loại %(rating)s; sáng kiến %(scope)s; yêu cầu "
    "%(required_rating)s hoặc có sáng kiến/đề tài được công nhận",
    "htxs_or_no_initiative": "Năm %(year)s: xếp loại %(rating)s; không có sáng kiến được công "
    "nhận; yêu cầu %(required_rating)s hoặc có sáng kiến/đề tài được công nhận",
    "consecutive": _STREAK + ": %(years)s; yêu cầu %(required)s năm liên tục",
    "consecutive_since": _STREAK + " (tính từ sau năm %(previous)s, năm được tặng lần trước): "
    "%(years)s; yêu cầu %(required)s năm liên tục",
    "initiative_in_window": "Sáng kiến/đề tài phạm vi %(scope)s trở lên trong %(start)s–%(year)s: "
    "%(years)s",
    "htxs_initiatives": "Các năm liên tục %(required_rating)s đến năm %(year)s: %(years)s; số "
    "sáng kiến được công nhận trong thời gian đó: %(count)s; yêu cầu 2 năm liên tục và 2 sáng "
    "kiến",
    "one_form": "Thành tích năm %(year)s chưa được khen bằng hình thức khác",
    "one_form_taken": "Thành tích năm %(year)s đã được khen bằng hình thức %(forms)s (mỗi thành "
    "tích chỉ khen một hình thức)",
    "not_awarded_for_year": "Chưa được tặng %(award)s cho thành tích năm %(year)s",
    "awarded_for_year": "Đã được tặng %(award)s cho thành tích năm %(year)s (một thành tích chỉ "
    "được khen một lần)",
    "first_award": "Chưa được tặng %(award)s trước năm %(year)s",
    "htt_since_previous": "Lần trước: thành tích năm %(previous)s; các năm %(years)s phải từ "
    "%(required_rating)s trở lên; năm không đạt hoặc thiếu: %(missing)s",
    "has_bk_tinh": "Đã được tặng %(award)s (thành tích năm %(year)s)",
    "no_bk_tinh": "Chưa có %(award)s trước năm đề nghị",
    "consecutive_htt": "Các năm liên tục từ %(required_rating)s trở lên sau %(award)s (năm "
    "%(base)s) đến năm %(year)s: %(years)s; yêu cầu từ %(required)s năm trở lên",
    "consecutive_htt_no_base": "Chưa có %(award)s nên chưa tính được các năm liên tục từ "
    "%(required_rating)s trở lên; yêu cầu từ %(required)s năm trở lên",
    "cstd_cs_in_period": "Số lần đạt %(award)s trong thời gian đó: %(count)s (%(years)s); yêu "
    "cầu %(required)s lần",
    # collectives (domain.eligibility_collective)
    "members_ldtt_missing": _MISSING + " (tổng số, số đạt %(award)s)",
    "members_ldtt_share": "%(have)s/%(total)s thành viên đạt %(award)s; yêu cầu ≥ %(percent)s",
    "members_ldtt_share_over": "%(have)s/%(total)s thành viên đạt %(award)s; yêu cầu > %(percent)s",
    "members_disciplined_off": "Tỉnh không quy định tiêu chí này",
    "members_disciplined_missing": "Thiếu số liệu năm %(year)s: số thành viên bị kỷ luật từ cảnh "
    "cáo trở lên",
    "members_disciplined": "%(count)s thành viên bị kỷ luật từ cảnh cáo trở lên; cho phép tối đa "
    "%(allowed)s",
    "members_completed_missing": _MISSING + " (tổng số, số hoàn thành nhiệm vụ)",
    "members_completed": "%(have)s/%(total)s thành viên hoàn thành nhiệm vụ; yêu cầu %(percent)s",
    "members_cstd_cs_missing": "Thiếu số liệu năm %(year)s: số thành viên đạt %(award)s",
    "members_cstd_cs": "%(count)s thành viên đạt %(award)s; yêu cầu ít nhất %(required)s",
    "htxs_or_ttldxs": "Các năm liên tục %(required_rating)s hoặc đạt %(award)s đến năm %(year)s: "
    "%(years)s; yêu cầu %(required)s năm liên tục",
    # criteria by date (domain.eligibility_law)
    "criteria_applied": "Áp dụng tiêu chí theo %(cite)s (hiệu lực %(starts)s–%(ends)s) cho hồ sơ "
    "ngày %(on)s",
    "criteria_applied_open": "Áp dụng tiêu chí theo %(cite)s (hiệu lực %(starts)s–nay) cho hồ sơ "
    "ngày %(on)s",
    "criteria_lapsed": _NO_CRITERIA + ": tiêu chí theo %(cite)s hết hiệu lực từ %(lapsed)s và "
    "chưa có văn bản thay thế; " + _UNDECIDED,
    "criteria_not_yet": _NO_CRITERIA + ": tiêu chí sớm nhất tdkt ghi nhận có hiệu lực từ "
    "%(starts)s; " + _UNDECIDED,
    "criteria_none": _NO_CRITERIA + "; " + _UNDECIDED,
    # checks of the API (api.services.registry_eligibility)
    "manual_review": "Chưa có tiêu chí kiểm tra tự động cho %(award)s; Hội đồng thi đua xem xét",
    "history_declared": "Chưa khai báo kết quả đánh giá năm %(year)s của %(name)s",
    # the registers (domain.registry)
    "frozen_until": "Đang trong %(freeze)s (từ %(since)s đến %(until)s): không xét khen",
    "frozen_open": "Đang trong %(freeze)s (từ %(since)s chưa kết thúc): không xét khen",
    "counts_from_end": "Bị kỷ luật từ %(since)s đến %(until)s: thành tích năm %(year)s chỉ được "
    "tính từ ngày kết thúc kỷ luật",
    "not_frozen": "Không có kỷ luật, điều tra hay xác minh nào vào ngày %(on)s",
    "already_awarded": "Đã được tặng %(award)s năm %(year)s (quyết định %(decision)s)",
    "not_yet_awarded": "Sổ khen thưởng chưa ghi nhận %(award)s năm %(year)s",
    # council ballots (domain.ballot)
    "ballot_passed": _BALLOT + ": đạt",
    "ballot_failed": _BALLOT + ": không đạt",
    "quorum": "Không đủ số thành viên dự họp: có mặt %(present)s/%(members_total)s, cần ít nhất "
    "%(required)s (%(quorum)s tổng số thành viên, %(cite)s)",
}


def _ratio(value: float) -> str:
    """0.7273 → "72,73 %" (at most two decimals, Vietnamese decimal comma)."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def vi_value(name: str, value: CheckValue) -> str:
    """A value in Vietnamese, as its name says (:data:`VALUE_KINDS`)."""
    kind = VALUE_KINDS.get(name, "text")
    if isinstance(value, list):
        if kind == "years":
            return ", ".join(str(v) for v in value) if value else NO_YEARS
        joiner = " hoặc " if kind == "awards_or" else ", "
        return joiner.join(name_vi(str(v)) for v in value)
    if kind == "rating":
        return RATING_VI.get(str(value), str(value))
    if kind == "award":
        return name_vi(str(value))
    if kind == "scope":
        return SCOPE_VI.get(str(value), str(value))
    if kind == "subject":
        return SUBJECT_VI.get(str(value), str(value))
    if kind == "freeze":
        return FREEZE_VI.get(str(value), str(value))
    if kind == "date":
        return f"{date.fromisoformat(str(value)):%d/%m/%Y}"
    if kind == "percent":
        return f"{value} %"
    if kind == "ratio" and isinstance(value, int | float):
        return _ratio(value)
    return str(value)


def word(key: str, values: Mapping[str, CheckValue]) -> str:
    """The Vietnamese sentence of ``key`` with ``values``."""
    return TEMPLATES[key] % {name: vi_value(name, value) for name, value in values.items()}


def reason(rule: str, met: bool, basis: str, key: str, **values: CheckValue) -> Check:
    """A check whose ``detail`` is the Vietnamese sentence of its reason."""
    return Check(rule, met, word(key, values), basis, key, dict(values))

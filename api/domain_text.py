"""Domain refusals worded for people, from the catalogues, with names instead of codes.

The pure domain raises compact messages (often English, with codes: "TTLDTT is not awarded to
a individual"); the API words them here by the error's class and field. A refusal that carries a
reason code (:mod:`domain.refusal`) is worded from it by :mod:`api.refusal_text`; the sentences
below are matched only for refusals without one (eligibility inputs, and a dossier refusal from
a worker of an earlier release, which sends its sentence alone).
"""

from __future__ import annotations

import re

from api.legal_text import cite
from core import i18n
from core.i18n import _
from domain.catalog import UnknownAward, default_catalog
from domain.eligibility_model import CheckValue


def award_name(code: str) -> str:
    """The award's name in the reader's language; an unknown code is shown as itself."""
    try:
        rule = default_catalog().get(code)
    except UnknownAward:
        return code
    return rule.name_en if i18n.current_lang() == "en" else rule.name_vi


def subject_name(subject: str) -> str:
    return _(f"kind.{subject}").lower()


def _org_word(key: str) -> str:
    msgid = f"orgkind.{key}" if i18n.has(f"orgkind.{key}") else f"level.{key}"
    return _(msgid).lower() if i18n.has(msgid) else key


def proposer_name(key: str) -> str:
    """A proposer key of the catalogue (an org kind or level, or ``kind/parent``) in words."""
    own, _slash, parent = key.partition("/")
    if not parent:
        return _org_word(own)
    return _("msg.proposer_under", kind=_org_word(own), parent=_org_word(parent))


def may_not_propose(org_name: str, award_code: str, proposers: tuple[str, ...]) -> str:
    """Why ``org_name`` may not propose the award: who may, by name."""
    allowed = _("word.or_join").join(proposer_name(k) for k in proposers)
    award = award_name(award_code)
    return _("msg.proposer_not_allowed", org=org_name, award=award, allowed=allowed)


def role_name(role: str) -> str:
    return _(f"role.{role}")


def not_awarded_to(award_code: str, subject: str) -> str:
    return _("domain.not_awarded_to", award=award_name(award_code), subject=subject_name(subject))


def no_rules(award_code: str, subject: str) -> str:
    return _("domain.no_rules", award=award_name(award_code), subject=subject_name(subject))


def needs_role(roles: list[str]) -> str:
    return _("auth.needs_role", roles=_("word.or_join").join(role_name(r) for r in roles))


# Compact English messages of the pure domain (eligibility inputs, ballots, bonuses) → msgid.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        (r"^must be between (?P<lo>\d+) and (?P<hi>\d+)$", "domain.between"),
        (r"^must be at least 1$", "domain.at_least_one"),
        (r"^a council has at least one member$", "domain.council_member"),
        (r"^given without members_total$", "domain.needs_members_total"),
        (r"^unknown award code '?(?P<code>[^']*)'?$", "domain.unknown_award"),
        (r"^unknown rating '?(?P<value>[^']*)'?$", "domain.unknown_rating"),
        (r"^unknown award type '?(?P<value>[^']*)'?$", "domain.unknown_award_type"),
        (r"^year (?P<year>\d+) listed twice$", "domain.year_twice"),
        (r"^year (?P<year>\d+) is after the proposal year", "domain.year_after"),
        (r"^history has no record for (?P<year>\d+)$", "domain.no_history_year"),
        (r"^an award listed twice for the same period$", "domain.award_twice"),
    )
)
# The dossier state machine's refusals (Vietnamese, some with codes) → msgid, so that they read
# with names and in either language.
EXACT: dict[str, str] = {
    "Hồ sơ phải có ít nhất một đối tượng đề nghị": "domain.no_nominees",
    "Tuyến trình không có cấp xét duyệt": "domain.empty_route",
    "Hồ sơ đang trong thời gian niêm yết công khai, chưa thể xét duyệt": "domain.in_posting",
    "Trả lại hoặc từ chối hồ sơ phải ghi rõ lý do": "domain.reason_needed",
    "Chỉ nộp lại được hồ sơ đang bị trả lại": "domain.resubmit_not_returned",
    "Chỉ đơn vị đề nghị được nộp lại hồ sơ": "domain.resubmit_proposer_only",
    "Chỉ đơn vị đề nghị được rút hồ sơ": "domain.withdraw_proposer_only",
    "Không có thời hạn xử lý nào đang chạy để gia hạn": "domain.no_deadline",
    "Chỉ lãnh đạo cấp đang xử lý hoặc cấp trên được gia hạn": "domain.extend_chair_only",
    "Số ngày làm việc gia hạn phải từ 1 đến 60": "domain.extend_days",
    "Gia hạn phải ghi rõ lý do": "domain.extend_reason",
    "Không có giai đoạn đang mở": "domain.no_open_stage",
    "Hồ sơ không còn giai đoạn đang mở": "domain.no_open_stage",
    "Chỉ nộp được hồ sơ đang ở trạng thái nháp": "domain.submit_not_draft",
    "Chỉ đơn vị đề nghị được nộp hồ sơ": "domain.submit_proposer_only",
    "Hồ sơ không trong thời gian niêm yết công khai": "domain.not_in_posting",
    "Chỉ chủ tịch cơ quan niêm yết được xử lý phản ánh": "domain.resolve_posting_chair_only",
    "Kết quả xử lý phải là dismissed hoặc upheld": "domain.resolve_outcome",
    "Xử lý phản ánh phải ghi rõ lý do": "domain.resolve_reason",
}
# Objections and drafts (contract §13, §15): refusals naming a reference → msgid.
_REFERENCED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        (r"^Phản ánh (?P<reference>\S+) đã được ghi nhận$", "domain.objection_recorded"),
        (r"^Phản ánh (?P<reference>\S+) đã được xử lý$", "domain.objection_resolved"),
        (r"^Không có phản ánh (?P<reference>\S+) trong hồ sơ$", "domain.no_objection"),
        (r"^Không có đối tượng (?P<nominee>\S+) trong hồ sơ$", "domain.no_nominee"),
        (r"^Còn phản ánh, kiến nghị chưa được xử lý: (?P<references>.+)$", "domain.open_objs"),
    )
)
_CLOSED_NO_RESOLVE = re.compile(
    r"^Hồ sơ đã kết thúc \((?P<status>\w+)\), không thể xử lý phản ánh$"
)
_STATUS_NO_REVIEW = re.compile(r"^Hồ sơ đang ở trạng thái (?P<status>\w+), không thể xét duyệt$")
_CLOSED_NO_WITHDRAW = re.compile(r"^Hồ sơ đã kết thúc \((?P<status>\w+)\), không thể rút$")
_WAITING_FOR = re.compile(r"^Hồ sơ đang chờ (?P<org>\S+) xét duyệt$")
_NOT_FOR_SUBJECT = re.compile(r"^(?P<award>[A-Z0-9_]+) không xét cho đối tượng (?P<subject>\w+)$")
_NOT_AWARDED = re.compile(r"^(?P<award>\S+) is not awarded to an? (?P<subject>\w+)$")
_NO_RULES = re.compile(r"^no machine-checkable rules for (?P<award>\S+) \((?P<subject>\w+)\)$")
# A council's vote (domain.ballot's Vietnamese sentences, as the state machine passes them on).
_NUMBER = r"\d+(?:[.,]\d+)?"
_QUORUM = re.compile(
    rf"^Không đủ số thành viên dự họp: có mặt (?P<present>\d+)/(?P<members_total>\d+), cần ít "
    rf"nhất (?P<required>\d+) \((?P<quorum>{_NUMBER}) % tổng số thành viên, (?P<cite>[^)]+)\)$"
)
_BALLOT_FAILED = re.compile(
    rf"^Kết quả bỏ phiếu không đạt: (?P<in_favor>\d+)/(?P<members_total>\d+) thành viên đồng ý "
    rf"\((?P<share>{_NUMBER}) % tổng số thành viên, có mặt (?P<present>\d+)\); yêu cầu ≥ "
    rf"(?P<threshold>{_NUMBER}) %: không đạt$"
)


def _vote_values(found: re.Match[str]) -> dict[str, CheckValue]:
    """Counts as integers and percentages as ratios ("66,67" → 0.6667)."""
    ratios = ("quorum", "share", "threshold")
    return {
        name: float(text.replace(",", ".")) / 100 if name in ratios
        else int(text) if text.isdigit() else text
        for name, text in found.groupdict().items()
    }  # fmt: skip


def _vote(message: str) -> str | None:
    from api.check_text import reason_text

    if found := _QUORUM.match(message):
        return reason_text("quorum", _vote_values(found))
    if found := _BALLOT_FAILED.match(message):
        worded = reason_text("ballot_failed", _vote_values(found))
        return _("check.ballot_refused", reason=worded)
    return None


def _worded(message: str) -> str | None:
    message = message.strip()
    if message in EXACT:
        return _(EXACT[message])
    if found := _STATUS_NO_REVIEW.match(message):
        return _("domain.status_no_review", status=_(f"status.{found['status']}").lower())
    if found := _CLOSED_NO_WITHDRAW.match(message):
        return _("domain.closed_no_withdraw", status=_(f"status.{found['status']}").lower())
    if found := _CLOSED_NO_RESOLVE.match(message):
        return _("domain.closed_no_resolve", status=_(f"status.{found['status']}").lower())
    for pattern, msgid in _REFERENCED:
        if found := pattern.match(message):
            return _(msgid, **found.groupdict())
    if _WAITING_FOR.match(message):
        return _("domain.not_your_turn")
    if (found := _NOT_FOR_SUBJECT.match(message)) or (found := _NOT_AWARDED.match(message)):
        return not_awarded_to(found["award"], found["subject"])
    if found := _NO_RULES.match(message):
        return no_rules(found["award"], found["subject"])
    if worded := _vote(message):
        return worded
    for pattern, msgid in _PATTERNS:
        if found := pattern.match(message):
            return _(msgid, **found.groupdict())
    return None


_DECIMAL_PERCENT = re.compile(r"(\d+)\.(\d+)(\s?%)")


def polish(message: str) -> str:
    """A domain sentence kept as written, with its legal citations in words ("khoản 4 Điều
    45 Nghị định 152/2025/NĐ-CP") and, in Vietnamese, decimal commas ("72,73 %")."""
    message = cite(message)
    if i18n.current_lang() == "vi":
        message = _DECIMAL_PERCENT.sub(lambda m: f"{m[1]},{m[2]}\u00a0%", message)
    return message


def reword(message: str) -> str:
    """A domain refusal in the reader's language; a message not recognised is polished."""
    return _worded(message) or polish(message)


def reword_field(field: str | None, message: str) -> str:
    """``reword`` for a refusal naming ``field``: "present: must be between 0 and 15" becomes
    "Số thành viên có mặt: phải từ 0 đến 15"."""
    leaf = (field or "").rsplit(".", 1)[-1]
    if leaf and message.startswith(f"{leaf}: "):
        message = message[len(leaf) + 2 :]
    worded = _worded(message)
    if worded is None:
        return polish(message)
    if field:
        from api.validation_text import field_label, labelled

        return labelled(field_label(field), worded)
    return worded

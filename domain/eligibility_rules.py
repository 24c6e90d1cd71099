"""Machine-checkable criteria per award (domain.md §2), each check citing its legal basis.

A rule set is a tuple of groups; a nominee is eligible when every group has at least one met
check (a group with several checks lists legal alternatives). Qualitative criteria (attitude,
unity, discipline) are not machine-checkable and are left to the council.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.eligibility_model import (
    BN86,
    NOT_A_BASIS,
    RATING_ORDER,
    RATING_VI,
    Check,
    PriorAward,
    ProvinceRules,
    Rating,
    YearRecord,
)
from domain.legal import law, nd152
from domain.levels import Subject

__all__ = ["BN86", "RULE_SETS", "History"]

NAME_VI = {
    "LDTT": "Lao động tiên tiến",
    "CSTD_CS": "Chiến sĩ thi đua cơ sở",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "CSTD_TQ": "Chiến sĩ thi đua toàn quốc",
    "CSTD_BO": "Chiến sĩ thi đua cấp bộ",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "BK_TINH": "Bằng khen cấp tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
}
SCOPE_RANK = {"unit": 1, "province": 2, "national": 3}
SCOPE_VI = {"unit": "cơ sở", "province": "cấp tỉnh", "national": "toàn quốc"}


@dataclass(frozen=True)
class History:
    """A validated nominee history seen from the proposal year."""

    award_code: str
    year: int
    records: dict[int, YearRecord]
    awards: tuple[PriorAward, ...]
    province: ProvinceRules = field(default_factory=ProvinceRules)
    forms: frozenset[str] = frozenset()  # codes of commendation forms (not titles)

    def _basis_awards(self) -> tuple[PriorAward, ...]:
        """Prior awards that may back a merit award (not ad hoc or thematic, ND152 Art.4.3)."""
        return tuple(a for a in self.awards if a.award_type not in NOT_A_BASIS)

    def held(self, code: str, year: int) -> bool:
        record = self.records.get(year)
        in_titles = record is not None and code in record.titles
        return in_titles or any(a.code == code and a.year == year for a in self._basis_awards())

    def previous(self, code: str) -> int | None:
        """Last year before the proposal year in which ``code`` was held."""
        years = [r for r in self.records if r < self.year and self.held(code, r)]
        years += [a.year for a in self._basis_awards() if a.code == code and a.year < self.year]
        return max(years, default=None)

    def held_years(self, codes: tuple[str, ...]) -> list[int]:
        """Years up to the proposal year (after the floor) in which any of ``codes`` was held."""
        floor = self.floor()
        years = {r for r in self.records for c in codes if self.held(c, r)}
        years |= {a.year for a in self._basis_awards() if a.code in codes}
        return sorted(y for y in years if y <= self.year and (floor is None or y > floor))

    def floor(self) -> int | None:
        """Counting restarts after the previous award of the same form (ND152 Art.33.7)."""
        return self.previous(self.award_code)

    def streak(self, ok: Callable[[int], bool], floor: int | None = None) -> list[int]:
        """Consecutive years ending at the proposal year that satisfy ``ok``, oldest first."""
        years: list[int] = []
        y = self.year
        while (floor is None or y > floor) and y in self.records and ok(y):
            years.append(y)
            y -= 1
        return years[::-1]

    def rating_at_least(self, year: int, rating: Rating) -> bool:
        record = self.records.get(year)
        return record is not None and RATING_ORDER[record.rating] >= RATING_ORDER[rating]

    def scope_at_least(self, year: int, scope: str) -> bool:
        record = self.records.get(year)
        got = None if record is None else record.initiative_scope
        return got is not None and SCOPE_RANK[got] >= SCOPE_RANK[scope]

    @property
    def current(self) -> YearRecord:
        return self.records[self.year]


CheckFn = Callable[[History], Check]
RuleSet = tuple[tuple[CheckFn, ...], ...]


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in years) if years else "không có"


def rating_at_least(rating: Rating, rule: str, basis: str) -> CheckFn:
    def check(h: History) -> Check:
        got = h.current.rating
        met = h.rating_at_least(h.year, rating)
        detail = (
            f"Năm {h.year} xếp loại {RATING_VI[got]} ({got}); "
            f"yêu cầu từ {RATING_VI[rating]} ({rating}) trở lên"
        )
        return Check(rule, met, detail, basis)

    return check


def ldtt_standard(h: History) -> Check:
    """CSTĐ cơ sở needs the standard of LĐTT (rating HTT or better), not the title itself:
    both are voted at the same meeting (Law Art.23.1(a), 24)."""
    got = h.current.rating
    met = h.rating_at_least(h.year, Rating.HTT) or h.held("LDTT", h.year)
    detail = (
        f"Năm {h.year} xếp loại {RATING_VI[got]} ({got}); yêu cầu đạt tiêu chuẩn Lao động tiên "
        "tiến (từ hoàn thành tốt nhiệm vụ trở lên), không cần đã có danh hiệu"
    )
    return Check("ldtt_standard", met, detail, law("23.1.a").cite())


def two_consecutive_cycles(codes: tuple[str, ...], cycle: int, basis: str) -> CheckFn:
    """Two consecutive awards of a multi-year title: the latest ends at the proposal year and
    the one before ends one cycle earlier (CSTĐ toàn quốc: CSTĐ bộ/tỉnh "02 lần liên tục",
    each covering 3 years; Law Art.21)."""
    rule = f"two_cycles_{codes[0].lower()}"

    def check(h: History) -> Check:
        years = h.held_years(codes)
        met = h.year in years and h.year - cycle in years
        names = " hoặc ".join(NAME_VI[c] for c in codes)
        detail = (
            f"Các lần đạt {names} (năm kết thúc chu kỳ): {_years(years)}; yêu cầu 2 lần liên "
            f"tiếp, lần sau kết thúc năm {h.year} và lần trước năm {h.year - cycle}"
        )
        return Check(rule, met, detail, basis)

    return check


def htxs_or_initiative(h: History) -> Check:
    record = h.current
    htxs = record.rating is Rating.HTXS
    scope = record.initiative_scope
    parts = [f"xếp loại {record.rating}"]
    parts.append(f"sáng kiến {SCOPE_VI[scope]}" if scope else "không có sáng kiến được công nhận")
    detail = (
        f"Năm {h.year}: {'; '.join(parts)}; yêu cầu hoàn thành xuất sắc nhiệm vụ "
        "hoặc có sáng kiến/đề tài được công nhận"
    )
    return Check("htxs_or_initiative", htxs or scope is not None, detail, law("23").cite())


def consecutive(code: str, n: int, basis: str) -> CheckFn:
    rule = f"consecutive_{code.lower()}_{n}"

    def check(h: History) -> Check:
        floor = h.floor()
        years = h.streak(lambda y: h.held(code, y), floor)
        since = f" (tính từ sau năm {floor}, năm được tặng lần trước)" if floor else ""
        detail = (
            f"{len(years)} năm liên tục đạt {NAME_VI[code]} đến năm {h.year}{since}: "
            f"{_years(years)}; yêu cầu {n} năm liên tục"
        )
        return Check(rule, len(years) >= n, detail, basis)

    return check


def initiative_in_window(scope: str, window: int, basis: str) -> CheckFn:
    rule = f"initiative_{scope}_scope"

    def check(h: History) -> Check:
        years = [y for y in range(h.year - window + 1, h.year + 1) if h.scope_at_least(y, scope)]
        detail = (
            f"Sáng kiến/đề tài phạm vi {SCOPE_VI[scope]} trở lên trong {h.year - window + 1}–"
            f"{h.year}: {_years(years)}"
        )
        return Check(rule, bool(years), detail, basis)

    return check


def htxs_with_initiatives_2(h: History) -> Check:
    """Two consecutive HTXS years with two recognised initiatives in them (Law Art.74.1(d)):
    initiatives are counted, not the years that had one."""
    years = h.streak(lambda y: h.rating_at_least(y, Rating.HTXS), h.floor())[-2:]
    count = sum(h.records[y].initiative_count for y in years if h.scope_at_least(y, "unit"))
    detail = (
        f"Các năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {h.year}: {_years(years)}; "
        f"số sáng kiến được công nhận trong thời gian đó: {count}; yêu cầu 2 năm liên tục "
        "và 2 sáng kiến"
    )
    met = len(years) >= 2 and count >= 2
    return Check("consecutive_htxs_initiative_2", met, detail, law("74.1.d").cite())


def one_form_per_achievement(h: History) -> Check:
    """One achievement, one form (Law Art.5.2.c): no other form for the same period end;
    a title and a form at the same time are both allowed (ND152 Art.49.5)."""
    others = sorted(
        {a.code for a in h.awards if a.year == h.year and a.code in h.forms}
        | {c for c in h.current.titles if c in h.forms}
    )
    others = [c for c in others if c != h.award_code]
    detail = (
        f"Thành tích năm {h.year} chưa được khen bằng hình thức khác"
        if not others
        else f"Thành tích năm {h.year} đã được khen bằng hình thức {', '.join(others)} (mỗi "
        "thành tích chỉ khen một hình thức)"
    )
    return Check("one_form_per_achievement", not others, detail, law("5.2.c").cite())


def not_awarded_for_year(h: History) -> Check:
    met = not h.held(h.award_code, h.year)
    detail = (
        f"Chưa được tặng {h.award_code} cho thành tích năm {h.year}"
        if met
        else f"Đã được tặng {h.award_code} cho thành tích năm {h.year} (một thành tích chỉ "
        "được khen một lần)"
    )
    return Check("not_awarded_for_year", met, detail, law("5.2.c").cite())


def htt_since_previous(h: History) -> Check:
    previous = h.floor()
    if previous is None:
        detail = f"Chưa được tặng {h.award_code} trước năm {h.year}"
        return Check("htt_since_previous", True, detail, nd152("33.7").cite())
    span = list(range(previous + 1, h.year + 1))
    bad = [y for y in span if not h.rating_at_least(y, Rating.HTT)]
    detail = (
        f"Lần trước: thành tích năm {previous}; các năm {_years(span)} phải từ hoàn thành "
        f"tốt nhiệm vụ trở lên; năm không đạt hoặc thiếu: {_years(bad)}"
    )
    return Check("htt_since_previous", not bad, detail, nd152("33.7").cite())


def bk_ttg_window(h: History) -> tuple[int | None, list[int]]:
    """BK tỉnh year used and the HTT+ years after it (Law Art.73.1(b))."""
    bk = [a.year for a in h.awards if a.code == "BK_TINH" and a.year < h.year]
    bk += [y for y in h.records if y < h.year and h.held("BK_TINH", y)]
    old_enough = [y for y in bk if y <= h.year - 5]
    base = max(old_enough or bk, default=None)
    if base is None:
        return None, []
    floor = max(base, h.floor() or base)
    return base, h.streak(lambda y: h.rating_at_least(y, Rating.HTT), floor)


def has_bk_tinh(h: History) -> Check:
    base, _ = bk_ttg_window(h)
    detail = (
        f"Đã được tặng Bằng khen cấp tỉnh (thành tích năm {base})"
        if base
        else "Chưa có Bằng khen cấp bộ/tỉnh trước năm đề nghị"
    )
    return Check("has_bk_tinh", base is not None, detail, law("73.1.b").cite())


def consecutive_htt_5(h: History) -> Check:
    base, years = bk_ttg_window(h)
    detail = (
        f"Các năm liên tục từ hoàn thành tốt nhiệm vụ trở lên sau Bằng khen cấp tỉnh "
        f"(năm {base}) đến năm {h.year}: {_years(years)}; yêu cầu từ 5 năm trở lên"
    )
    return Check("consecutive_htt_5", len(years) >= 5, detail, law("73.1.b").cite())


def cstd_cs_3_in_period(h: History) -> Check:
    _, years = bk_ttg_window(h)
    got = [y for y in years if h.held("CSTD_CS", y)]
    detail = (
        f"Số lần đạt Chiến sĩ thi đua cơ sở trong thời gian đó: {len(got)} "
        f"({_years(got)}); yêu cầu 3 lần"
    )
    return Check("cstd_cs_3_in_period", len(got) >= 3, detail, law("73.1.b").cite())


def _members(h: History) -> tuple[int | None, YearRecord]:
    record = h.current
    return record.members_total, record


def members_ldtt_share(article: str) -> CheckFn:
    """Share of members with LĐTT: a provincial figure (``ProvinceRules.ldtt_share_percent``)."""

    def check(h: History) -> Check:
        total, r = _members(h)
        share = h.province.ldtt_share_percent
        basis = f"{h.province.basis} Art.{article}"
        if total is None or r.members_ldtt is None:
            detail = f"Thiếu số liệu thành viên năm {h.year} (tổng số, số đạt LĐTT)"
            return Check("members_ldtt_share", False, detail, basis)
        met = r.members_ldtt * 100 >= total * share  # exact
        detail = f"{r.members_ldtt}/{total} thành viên đạt Lao động tiên tiến; yêu cầu ≥ {share} %"
        return Check("members_ldtt_share", met, detail, basis)

    return check


def no_member_disciplined(h: History) -> Check:
    """No member disciplined at cảnh cáo or above (a provincial figure, BN86 Art.4.2)."""
    allowed = h.province.max_disciplined
    basis = f"{h.province.basis} Art.4.2"
    got = h.current.members_disciplined
    if allowed is None:
        return Check("members_disciplined", True, "Tỉnh không quy định tiêu chí này", basis)
    if got is None:
        detail = f"Thiếu số liệu năm {h.year}: số thành viên bị kỷ luật từ cảnh cáo trở lên"
        return Check("members_disciplined", False, detail, basis)
    detail = f"{got} thành viên bị kỷ luật từ cảnh cáo trở lên; cho phép tối đa {allowed}"
    return Check("members_disciplined", got <= allowed, detail, basis)


def members_completed_100(h: History) -> Check:
    total, r = _members(h)
    basis = law("27").cite()
    if total is None or r.members_completed is None:
        detail = f"Thiếu số liệu thành viên năm {h.year} (tổng số, số hoàn thành nhiệm vụ)"
        return Check("members_completed_100", False, detail, basis)
    detail = f"{r.members_completed}/{total} thành viên hoàn thành nhiệm vụ; yêu cầu 100 %"
    return Check("members_completed_100", r.members_completed == total, detail, basis)


def members_cstd_cs_1(h: History) -> Check:
    _, r = _members(h)
    basis = law("27").cite()
    if r.members_cstd_cs is None:
        detail = f"Thiếu số liệu năm {h.year}: số thành viên đạt Chiến sĩ thi đua cơ sở"
        return Check("members_cstd_cs_1", False, detail, basis)
    detail = f"{r.members_cstd_cs} thành viên đạt Chiến sĩ thi đua cơ sở; yêu cầu ít nhất 1"
    return Check("members_cstd_cs_1", r.members_cstd_cs >= 1, detail, basis)


def htxs_or_ttldxs(h: History) -> Check:
    needed = h.province.htxs_years_collective_bk
    years = h.streak(lambda y: h.rating_at_least(y, Rating.HTXS) or h.held("TTLDXS", y), h.floor())
    detail = (
        f"Các năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc "
        f"đến năm {h.year}: {_years(years)}; yêu cầu {needed} năm liên tục"
    )
    met = len(years) >= needed
    return Check("consecutive_htxs_or_ttldxs", met, detail, f"{h.province.basis} Art.3.3.c")


_IND, _COL = Subject.individual, Subject.collective
_ONCE = (not_awarded_for_year,)
_ONE_FORM = (one_form_per_achievement,)

RULE_SETS: dict[tuple[str, Subject], RuleSet] = {
    ("LDTT", _IND): (
        _ONCE,
        (rating_at_least(Rating.HTT, "rating_htt_or_better", law("24.1").cite()),),
    ),
    ("CSTD_CS", _IND): (_ONCE, (ldtt_standard,), (htxs_or_initiative,)),
    ("CSTD_TINH", _IND): (
        _ONCE,
        (consecutive("CSTD_CS", 3, law("22").cite()),),
        (initiative_in_window("province", 3, law("22").cite()),),
    ),
    ("CSTD_BO", _IND): (
        _ONCE,
        (consecutive("CSTD_CS", 3, law("22").cite()),),
        (initiative_in_window("province", 3, law("22").cite()),),
    ),
    ("CSTD_TQ", _IND): (
        _ONCE,
        (two_consecutive_cycles(("CSTD_TINH", "CSTD_BO"), 3, law("21").cite()),),
        (initiative_in_window("national", 6, law("21").cite()),),
    ),
    ("BK_TINH", _IND): (
        _ONCE,
        _ONE_FORM,
        (htt_since_previous,),
        (consecutive("CSTD_CS", 2, law("74.1.d").cite()), htxs_with_initiatives_2),
    ),
    ("BK_TINH", _COL): (_ONCE, _ONE_FORM, (htt_since_previous,), (htxs_or_ttldxs,)),
    ("BK_TTG", _IND): (
        _ONCE,
        _ONE_FORM,
        (htt_since_previous,),
        (has_bk_tinh,),
        (consecutive_htt_5,),
        (cstd_cs_3_in_period,),
    ),
    ("TTLDTT", _COL): (
        _ONCE,
        (rating_at_least(Rating.HTT, "rating_htt_or_better", law("28").cite()),),
        (members_ldtt_share("3.2"),),
        (no_member_disciplined,),
    ),
    ("TTLDXS", _COL): (
        _ONCE,
        (rating_at_least(Rating.HTXS, "rating_htxs", law("27").cite()),),
        (members_completed_100,),
        (members_ldtt_share("3.2"),),
        (members_cstd_cs_1,),
        (no_member_disciplined,),
    ),
}

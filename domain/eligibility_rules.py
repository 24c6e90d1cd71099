"""Machine-checkable criteria per award (domain.md §2), each check citing its legal basis.

A rule set is a tuple of groups; a nominee is eligible when every group has at least one met
check (a group with several checks lists legal alternatives). Qualitative criteria (attitude,
unity, discipline) are not machine-checkable and are left to the council.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.catalog import name_vi
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

__all__ = ["BN86", "CheckFn", "History", "RuleSet", "years_text"]

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

    def heldyears_text(self, codes: tuple[str, ...]) -> list[int]:
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


def years_text(years: list[int]) -> str:
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


def ldtt_standard(basis: str) -> CheckFn:
    """CSTĐ cơ sở needs the standard of LĐTT (rating HTT or better), not the title itself:
    both are voted at the same meeting (Law Art.23.1(a), 24)."""

    def check(h: History) -> Check:
        got = h.current.rating
        met = h.rating_at_least(h.year, Rating.HTT) or h.held("LDTT", h.year)
        detail = (
            f"Năm {h.year} xếp loại {RATING_VI[got]} ({got}); yêu cầu đạt tiêu chuẩn Lao động "
            "tiên tiến (từ hoàn thành tốt nhiệm vụ trở lên), không cần đã có danh hiệu"
        )
        return Check("ldtt_standard", met, detail, basis)

    return check


def two_consecutive_cycles(codes: tuple[str, ...], cycle: int, basis: str) -> CheckFn:
    """Two consecutive awards of a multi-year title: the latest ends at the proposal year and
    the one before ends one cycle earlier (CSTĐ toàn quốc: CSTĐ bộ/tỉnh "02 lần liên tục",
    each covering 3 years; Law Art.21)."""
    rule = f"two_cycles_{codes[0].lower()}"

    def check(h: History) -> Check:
        years = h.heldyears_text(codes)
        met = h.year in years and h.year - cycle in years
        names = " hoặc ".join(NAME_VI[c] for c in codes)
        detail = (
            f"Các lần đạt {names} (năm kết thúc chu kỳ): {years_text(years)}; yêu cầu 2 lần liên "
            f"tiếp, lần sau kết thúc năm {h.year} và lần trước năm {h.year - cycle}"
        )
        return Check(rule, met, detail, basis)

    return check


def htxs_or_initiative(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        record = h.current
        htxs = record.rating is Rating.HTXS
        scope = record.initiative_scope
        parts = [f"xếp loại {record.rating}"]
        parts.append(
            f"sáng kiến {SCOPE_VI[scope]}" if scope else "không có sáng kiến được công nhận"
        )
        detail = (
            f"Năm {h.year}: {'; '.join(parts)}; yêu cầu hoàn thành xuất sắc nhiệm vụ "
            "hoặc có sáng kiến/đề tài được công nhận"
        )
        return Check("htxs_or_initiative", htxs or scope is not None, detail, basis)

    return check


def consecutive(code: str, n: int, basis: str) -> CheckFn:
    rule = f"consecutive_{code.lower()}_{n}"

    def check(h: History) -> Check:
        floor = h.floor()
        years = h.streak(lambda y: h.held(code, y), floor)
        since = f" (tính từ sau năm {floor}, năm được tặng lần trước)" if floor else ""
        detail = (
            f"{len(years)} năm liên tục đạt {NAME_VI[code]} đến năm {h.year}{since}: "
            f"{years_text(years)}; yêu cầu {n} năm liên tục"
        )
        return Check(rule, len(years) >= n, detail, basis)

    return check


def initiative_in_window(scope: str, window: int, basis: str) -> CheckFn:
    rule = f"initiative_{scope}_scope"

    def check(h: History) -> Check:
        years = [y for y in range(h.year - window + 1, h.year + 1) if h.scope_at_least(y, scope)]
        detail = (
            f"Sáng kiến/đề tài phạm vi {SCOPE_VI[scope]} trở lên trong {h.year - window + 1}–"
            f"{h.year}: {years_text(years)}"
        )
        return Check(rule, bool(years), detail, basis)

    return check


def htxs_with_initiatives_2(basis: str) -> CheckFn:
    """Two consecutive HTXS years with two recognised initiatives in them (Law Art.74.1(d)):
    initiatives are counted, not the years that had one."""

    def check(h: History) -> Check:
        years = h.streak(lambda y: h.rating_at_least(y, Rating.HTXS), h.floor())[-2:]
        count = sum(h.records[y].initiative_count for y in years if h.scope_at_least(y, "unit"))
        detail = (
            f"Các năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {h.year}: {years_text(years)}; "
            f"số sáng kiến được công nhận trong thời gian đó: {count}; yêu cầu 2 năm liên tục "
            "và 2 sáng kiến"
        )
        met = len(years) >= 2 and count >= 2
        return Check("consecutive_htxs_initiative_2", met, detail, basis)

    return check


def one_form_per_achievement(basis: str) -> CheckFn:
    """One achievement, one form (Law Art.5.2.c): no other form for the same period end;
    a title and a form at the same time are both allowed (ND152 Art.49.5)."""

    def check(h: History) -> Check:
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
        return Check("one_form_per_achievement", not others, detail, basis)

    return check


def not_awarded_for_year(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        met = not h.held(h.award_code, h.year)
        detail = (
            f"Chưa được tặng {name_vi(h.award_code)} cho thành tích năm {h.year}"
            if met
            else f"Đã được tặng {name_vi(h.award_code)} cho thành tích năm {h.year} "
            "(một thành tích chỉ được khen một lần)"
        )
        return Check("not_awarded_for_year", met, detail, basis)

    return check


def htt_since_previous(basis: str) -> CheckFn:
    """Every year since the previous award of the same form rated HTT or better."""

    def check(h: History) -> Check:
        previous = h.floor()
        if previous is None:
            detail = f"Chưa được tặng {h.award_code} trước năm {h.year}"
            return Check("htt_since_previous", True, detail, basis)
        span = list(range(previous + 1, h.year + 1))
        bad = [y for y in span if not h.rating_at_least(y, Rating.HTT)]
        detail = (
            f"Lần trước: thành tích năm {previous}; các năm {years_text(span)} phải từ hoàn thành "
            f"tốt nhiệm vụ trở lên; năm không đạt hoặc thiếu: {years_text(bad)}"
        )
        return Check("htt_since_previous", not bad, detail, basis)

    return check


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


def has_bk_tinh(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        base, _ = bk_ttg_window(h)
        detail = (
            f"Đã được tặng Bằng khen cấp tỉnh (thành tích năm {base})"
            if base
            else "Chưa có Bằng khen cấp bộ/tỉnh trước năm đề nghị"
        )
        return Check("has_bk_tinh", base is not None, detail, basis)

    return check


def consecutive_htt_5(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        base, years = bk_ttg_window(h)
        detail = (
            f"Các năm liên tục từ hoàn thành tốt nhiệm vụ trở lên sau Bằng khen cấp tỉnh "
            f"(năm {base}) đến năm {h.year}: {years_text(years)}; yêu cầu từ 5 năm trở lên"
        )
        return Check("consecutive_htt_5", len(years) >= 5, detail, basis)

    return check


def cstd_cs_in_period(times: int, basis: str) -> CheckFn:
    """CSTĐ cơ sở ``times`` times in the HTT+ years after the BK tỉnh (3 under Law 2022
    Art.73.1(b); 5 under the 2013 amendment of the 2003 Law, ND91/2017)."""

    def check(h: History) -> Check:
        _, years = bk_ttg_window(h)
        got = [y for y in years if h.held("CSTD_CS", y)]
        detail = (
            f"Số lần đạt Chiến sĩ thi đua cơ sở trong thời gian đó: {len(got)} "
            f"({years_text(got)}); yêu cầu {times} lần"
        )
        return Check(f"cstd_cs_{times}_in_period", len(got) >= times, detail, basis)

    return check

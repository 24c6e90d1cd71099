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
    Check,
    CheckValue,
    PriorAward,
    ProvinceRules,
    Rating,
    YearRecord,
)
from domain.reasons import reason

__all__ = ["BN86", "CheckFn", "History", "RuleSet"]

SCOPE_RANK = {"unit": 1, "province": 2, "national": 3}


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


def rating_at_least(rating: Rating, rule: str, basis: str) -> CheckFn:
    def check(h: History) -> Check:
        met = h.rating_at_least(h.year, rating)
        return reason(
            rule, met, basis, "rating_at_least",
            year=h.year, rating=h.current.rating.value, required_rating=rating.value,
        )  # fmt: skip

    return check


def ldtt_standard(basis: str) -> CheckFn:
    """CSTĐ cơ sở needs the standard of LĐTT (rating HTT or better), not the title itself:
    both are voted at the same meeting (Law Art.23.1(a), 24)."""

    def check(h: History) -> Check:
        met = h.rating_at_least(h.year, Rating.HTT) or h.held("LDTT", h.year)
        return reason(
            "ldtt_standard", met, basis, "ldtt_standard",
            year=h.year, rating=h.current.rating.value, award="LDTT", required_rating="HTT",
        )  # fmt: skip

    return check


def two_consecutive_cycles(codes: tuple[str, ...], cycle: int, basis: str) -> CheckFn:
    """Two consecutive awards of a multi-year title: the latest ends at the proposal year and
    the one before ends one cycle earlier (CSTĐ toàn quốc: CSTĐ bộ/tỉnh "02 lần liên tục",
    each covering 3 years; Law Art.21)."""
    rule = f"two_cycles_{codes[0].lower()}"

    def check(h: History) -> Check:
        years = h.held_years(codes)
        met = h.year in years and h.year - cycle in years
        return reason(
            rule, met, basis, "two_cycles",
            awards=list(codes), years=years, year=h.year, previous=h.year - cycle,
        )  # fmt: skip

    return check


def htxs_or_initiative(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        record = h.current
        scope = record.initiative_scope
        met = record.rating is Rating.HTXS or scope is not None
        key = "htxs_or_initiative" if scope else "htxs_or_no_initiative"
        found = {"scope": scope} if scope else {}
        return reason(
            "htxs_or_initiative", met, basis, key,
            year=h.year, rating=record.rating.value, required_rating="HTXS", **found,
        )  # fmt: skip

    return check


def consecutive(code: str, n: int, basis: str) -> CheckFn:
    rule = f"consecutive_{code.lower()}_{n}"

    def check(h: History) -> Check:
        floor = h.floor()
        years = h.streak(lambda y: h.held(code, y), floor)
        since = {} if floor is None else {"previous": floor}
        return reason(
            rule, len(years) >= n, basis, "consecutive_since" if since else "consecutive",
            count=len(years), award=code, year=h.year, years=years, required=n, **since,
        )  # fmt: skip

    return check


def initiative_in_window(scope: str, window: int, basis: str) -> CheckFn:
    rule = f"initiative_{scope}_scope"

    def check(h: History) -> Check:
        start = h.year - window + 1
        years = [y for y in range(start, h.year + 1) if h.scope_at_least(y, scope)]
        return reason(
            rule, bool(years), basis, "initiative_in_window",
            scope=scope, start=start, year=h.year, years=years,
        )  # fmt: skip

    return check


def htxs_with_initiatives_2(basis: str) -> CheckFn:
    """Two consecutive HTXS years with two recognised initiatives in them (Law Art.74.1(d)):
    initiatives are counted, not the years that had one."""

    def check(h: History) -> Check:
        years = h.streak(lambda y: h.rating_at_least(y, Rating.HTXS), h.floor())[-2:]
        count = sum(h.records[y].initiative_count for y in years if h.scope_at_least(y, "unit"))
        met = len(years) >= 2 and count >= 2
        return reason(
            "consecutive_htxs_initiative_2", met, basis, "htxs_initiatives",
            required_rating="HTXS", year=h.year, years=years, count=count,
        )  # fmt: skip

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
        if not others:
            return reason("one_form_per_achievement", True, basis, "one_form", year=h.year)
        return reason(
            "one_form_per_achievement", False, basis, "one_form_taken", year=h.year, forms=others
        )

    return check


def not_awarded_for_year(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        met = not h.held(h.award_code, h.year)
        key = "not_awarded_for_year" if met else "awarded_for_year"
        return reason("not_awarded_for_year", met, basis, key, award=h.award_code, year=h.year)

    return check


def htt_since_previous(basis: str) -> CheckFn:
    """Every year since the previous award of the same form rated HTT or better."""

    def check(h: History) -> Check:
        previous = h.floor()
        if previous is None:
            return reason(
                "htt_since_previous", True, basis, "first_award", award=h.award_code, year=h.year
            )
        span = list(range(previous + 1, h.year + 1))
        bad = [y for y in span if not h.rating_at_least(y, Rating.HTT)]
        return reason(
            "htt_since_previous", not bad, basis, "htt_since_previous",
            previous=previous, years=span, required_rating="HTT", missing=bad,
        )  # fmt: skip

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
        if base is None:
            return reason("has_bk_tinh", False, basis, "no_bk_tinh", award="BK_TINH")
        return reason("has_bk_tinh", True, basis, "has_bk_tinh", award="BK_TINH", year=base)

    return check


def consecutive_htt_5(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        base, years = bk_ttg_window(h)
        required: dict[str, CheckValue] = {
            "award": "BK_TINH", "required_rating": "HTT", "required": 5
        }  # fmt: skip
        if base is None:
            return reason("consecutive_htt_5", False, basis, "consecutive_htt_no_base", **required)
        return reason(
            "consecutive_htt_5", len(years) >= 5, basis, "consecutive_htt",
            base=base, year=h.year, years=years, **required,
        )  # fmt: skip

    return check


def cstd_cs_in_period(times: int, basis: str) -> CheckFn:
    """CSTĐ cơ sở ``times`` times in the HTT+ years after the BK tỉnh (3 under Law 2022
    Art.73.1(b); 5 under the 2013 amendment of the 2003 Law, ND91/2017)."""

    def check(h: History) -> Check:
        _, years = bk_ttg_window(h)
        got = [y for y in years if h.held("CSTD_CS", y)]
        return reason(
            f"cstd_cs_{times}_in_period", len(got) >= times, basis, "cstd_cs_in_period",
            award="CSTD_CS", count=len(got), years=got, required=times,
        )  # fmt: skip

    return check

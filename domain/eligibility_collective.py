"""Criteria of collectives: shares of members, discipline, consecutive excellent years.

Some figures are the province's (``ProvinceRules``, e.g. Bắc Ninh QĐ 86/2025 asks 70 % of
members with LĐTT); where the law in force fixes the figure itself (the 2003 Law Art.27-28),
the check is built with it (:class:`Share`, ``fixed_basis``).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.eligibility_model import Check, Rating, YearRecord
from domain.eligibility_rules import CheckFn, History
from domain.reasons import reason

__all__ = [
    "Share",
    "htxs_or_ttldxs",
    "members_completed_100",
    "members_cstd_cs_1",
    "members_ldtt_share",
    "no_member_disciplined",
]


def _members(h: History) -> tuple[int | None, YearRecord]:
    record = h.current
    return record.members_total, record


@dataclass(frozen=True)
class Share:
    """A share of members fixed by national law (not by the province): ``percent``, strictly
    more than it when ``strict`` ("trên 50 %"), with its citation."""

    percent: int
    strict: bool
    basis: str


def members_ldtt_share(article: str, fixed: Share | None = None) -> CheckFn:
    """Share of members with LĐTT: a provincial figure (``ProvinceRules.ldtt_share_percent``)
    unless the law in force fixes it (``fixed``)."""

    def check(h: History) -> Check:
        total, r = _members(h)
        if fixed is None:
            share, strict = h.province.ldtt_share_percent, False
            basis = f"{h.province.basis} Art.{article}"
        else:
            share, strict, basis = fixed.percent, fixed.strict, fixed.basis
        rule = "members_ldtt_share"
        if total is None or r.members_ldtt is None:
            return reason(rule, False, basis, "members_ldtt_missing", year=h.year, award="LDTT")
        have, need = r.members_ldtt * 100, total * share  # exact
        met = have > need if strict else have >= need
        key = "members_ldtt_share_over" if strict else "members_ldtt_share"
        return reason(
            rule, met, basis, key, have=r.members_ldtt, total=total, award="LDTT", percent=share
        )

    return check


def no_member_disciplined(fixed_basis: str | None = None) -> CheckFn:
    """No member disciplined at cảnh cáo or above: a provincial figure (BN86 Art.4.2), or none
    at all where the law in force says so itself (``fixed_basis``, e.g. the 2003 Law Art.28)."""

    def check(h: History) -> Check:
        allowed = h.province.max_disciplined if fixed_basis is None else 0
        basis = f"{h.province.basis} Art.4.2" if fixed_basis is None else fixed_basis
        got = h.current.members_disciplined
        rule = "members_disciplined"
        if allowed is None:
            return reason(rule, True, basis, "members_disciplined_off")
        if got is None:
            return reason(rule, False, basis, "members_disciplined_missing", year=h.year)
        return reason(rule, got <= allowed, basis, rule, count=got, allowed=allowed)

    return check


def members_completed_100(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        total, r = _members(h)
        rule = "members_completed_100"
        if total is None or r.members_completed is None:
            return reason(rule, False, basis, "members_completed_missing", year=h.year)
        met = r.members_completed == total
        return reason(
            rule, met, basis, "members_completed", have=r.members_completed, total=total,
            percent=100,
        )  # fmt: skip

    return check


def members_cstd_cs_1(basis: str) -> CheckFn:
    def check(h: History) -> Check:
        _, r = _members(h)
        rule, award = "members_cstd_cs_1", "CSTD_CS"
        if r.members_cstd_cs is None:
            return reason(rule, False, basis, "members_cstd_cs_missing", year=h.year, award=award)
        met = r.members_cstd_cs >= 1
        return reason(
            rule, met, basis, "members_cstd_cs", count=r.members_cstd_cs, award=award, required=1
        )

    return check


def htxs_or_ttldxs(fixed: tuple[int, str] | None = None) -> CheckFn:
    """Consecutive HTXS (or TTLĐXS) years of a collective for Bằng khen tỉnh: the province's
    figure (BN86 Art.3.3.c), or ``fixed`` = (years, citation) where the decree sets it."""

    def check(h: History) -> Check:
        if fixed is None:
            needed, basis = h.province.htxs_years_collective_bk, f"{h.province.basis} Art.3.3.c"
        else:
            needed, basis = fixed
        years = h.streak(
            lambda y: h.rating_at_least(y, Rating.HTXS) or h.held("TTLDXS", y), h.floor()
        )
        return reason(
            "consecutive_htxs_or_ttldxs", len(years) >= needed, basis, "htxs_or_ttldxs",
            required_rating="HTXS", award="TTLDXS", year=h.year, years=years, required=needed,
        )  # fmt: skip

    return check

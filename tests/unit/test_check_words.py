"""Every check of every criteria version, met and unmet, worded in Vietnamese and English.

The histories below reach every reason the engine gives (the last test holds that). Each check
must have a key whose msgid both catalogues have; its English must hold no Vietnamese letter
(award names come from the catalogue, ratings and scopes from the catalogues; no value here is
typed by a user) and no code; its Vietnamese no rating or award code, and the same sentence as
the domain's own Vietnamese default.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from api.check_text import check_out, check_text, word_value
from api.domain_text import polish, reword, reword_field
from core import i18n
from domain.ballot import BallotError, Vote, check_ballot, check_quorum, quorum_for
from domain.catalog import default_catalog
from domain.eligibility import EligibilityRequest, evaluate
from domain.eligibility_criteria import DEFAULT_CRITERIA
from domain.eligibility_law import Criteria, not_in_force
from domain.eligibility_model import Check, PriorAward, ProvinceRules, YearRecord
from domain.eligibility_model import Rating as R
from domain.levels import Subject
from domain.reasons import TEMPLATES, VALUE_KINDS, reason
from tests.browser.untranslated import AWARD_CODES, COMPACT_CITATION, ENGLISH, MSGID
from tests.registry.test_registry_text import REGISTER_KEYS

VIETNAMESE = re.compile(r"[\u00C0-\u1EF9]")
RATING_CODES = re.compile(r"\b(HTXS|HTT|HT|KHT)\b")


def _individual(y: int) -> list[tuple[list[YearRecord], tuple[PriorAward, ...], ProvinceRules]]:
    years = range(y - 9, y + 1)
    best = [YearRecord(n, R.HTXS, ("LDTT", "CSTD_CS", *(("CSTD_TINH",) if n in (y - 3, y) else ())),
                       "national", initiatives=2) for n in years]  # fmt: skip
    htt = [YearRecord(n, R.HT if n == y - 1 else R.HTT, ("LDTT",),
                      "unit" if n == y else None) for n in years]  # fmt: skip
    again = (PriorAward("BK_TINH", y - 6), PriorAward("GIAY_KHEN", y))
    return [
        (best, (PriorAward("BK_TINH", y - 6),), ProvinceRules()),
        ([YearRecord(y, R.HT)], (), ProvinceRules()),
        (htt, again, ProvinceRules()),
        (htt, (PriorAward("BK_TINH", y - 2), PriorAward("BK_TINH", y)), ProvinceRules()),
        ([*best[:-1], YearRecord(y, R.HTT, ("LDTT", "CSTD_CS"))], (), ProvinceRules()),
    ]


def _collective(y: int) -> list[tuple[list[YearRecord], tuple[PriorAward, ...], ProvinceRules]]:
    def team(year: int, rating: R, *titles: str, members: tuple[int, ...] = ()) -> YearRecord:
        """``members``: total, completed, with LĐTT, with CSTĐ cơ sở, disciplined."""
        total, done, ldtt, cstd, disciplined = members or (None,) * 5
        return YearRecord(year, rating, titles, None, total, done, ldtt, cstd, None, disciplined)

    strong = [team(n, R.HTXS, "TTLDXS", members=(10, 10, 8, 2, 0)) for n in range(y - 4, y + 1)]
    bad = team(y, R.HT, members=(10, 9, 5, 0, 2))
    return [
        (strong, (), ProvinceRules()),
        ([YearRecord(y, R.HTT)], (), ProvinceRules()),
        ([bad], (PriorAward("BK_TINH", y - 1),), ProvinceRules()),
        ([YearRecord(y, R.HTT, ("TTLDTT",))], (), ProvinceRules(max_disciplined=None)),
    ]


def _runs(version: Criteria) -> list[Check]:
    on = version.effective_from + timedelta(days=30)
    histories = (_individual if version.subject is Subject.individual else _collective)(on.year)
    found: list[Check] = []
    for records, awards, province in histories:
        request = EligibilityRequest(
            version.award_code, on.year, version.subject, tuple(records), awards, province, on
        )
        found.extend(evaluate(request, default_catalog(), DEFAULT_CRITERIA).checks)
    return found


def _all_checks() -> list[Check]:
    checks = [c for version in DEFAULT_CRITERIA.versions for c in _runs(version)]
    for code, subject in DEFAULT_CRITERIA.pairs():
        versions = DEFAULT_CRITERIA.of(code, subject)
        uncovered = [
            on for on in (date(2000, 1, 1), date(2040, 1, 1))
            if DEFAULT_CRITERIA.select(code, subject, on) is None
        ]  # fmt: skip
        checks += [not_in_force(code, subject, on, versions) for on in uncovered]
    checks.append(not_in_force("GIAY_KHEN", Subject.household, date(2026, 1, 1), ()))
    checks.append(reason("manual_review", True, "", "manual_review", award="CO_TINH"))
    checks.append(reason("history_declared", False, "", "history_declared", year=2025,
                         name="Tran Van An"))  # fmt: skip
    for vote, threshold in ((Vote(11, 10, 8), 0.9), (Vote(10, 10, 9), 0.9)):
        ballot = check_ballot(vote, threshold)
        checks.append(Check("ballot", ballot.passed, ballot.detail, "", ballot.key, ballot.values))
    return checks


CHECKS = _all_checks()


def _worded(check: Check, lang: i18n.Lang) -> str:
    with i18n.using(lang):
        return check_text(check.key, check.values, check.detail)


def _offences(text: str, lang: i18n.Lang) -> list[str]:
    found = [f"{p.pattern[:20]}: {m[0]}" for p in (AWARD_CODES, RATING_CODES, MSGID)
             if (m := p.search(text))]  # fmt: skip
    found += ["placeholder"] if "%(" in text else []
    if lang == "en":
        found += [f"Vietnamese {m[0]!r}"] if (m := VIETNAMESE.search(text)) else []
    else:
        found += [f"{p.pattern[:20]}: {m[0]}" for p in (ENGLISH, COMPACT_CITATION)
                  if (m := p.search(text))]  # fmt: skip
    return found


def test_every_check_has_a_key_both_catalogues_word() -> None:
    assert len(CHECKS) > 500
    for check in CHECKS:
        assert check.key in TEMPLATES, check
        for lang in i18n.LANGS:
            assert i18n.raw(f"check.{check.key}", lang) != f"check.{check.key}"
        assert set(check.values) <= VALUE_KINDS.keys(), check


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_check_reads_in_the_language_with_names_not_codes(lang: i18n.Lang) -> None:
    bad = {}
    for check in CHECKS:
        text = _worded(check, lang)
        if problems := _offences(text, lang):
            bad[text] = problems
    assert bad == {}


def test_vietnamese_wording_is_the_domain_s_own_default() -> None:
    """The catalogue's Vietnamese and the domain's templates say the same (citations in words,
    a non-breaking space before "%", as the catalogue formats them)."""
    for check in CHECKS:
        assert _worded(check, "vi").replace("\u00a0", " ") == polish(check.detail), check.key


def test_every_reason_is_reached() -> None:
    # quorum is a refusal; the registers' reasons are reached in tests/registry
    assert {c.key for c in CHECKS} == TEMPLATES.keys() - {"quorum"} - REGISTER_KEYS


def test_the_api_form_keeps_the_reason_and_cites_the_basis() -> None:
    ldtt = next(c for c in CHECKS if c.key == "rating_at_least" and not c.met)
    with i18n.using("en"):
        out = check_out(ldtt)
    assert (out.key, out.values, out.rule) == (ldtt.key, ldtt.values, ldtt.rule)
    assert out.detail.startswith("In 20")
    assert "“completed tasks" in out.detail
    assert not COMPACT_CITATION.search(out.basis)
    assert check_out(replace(ldtt, key="", values={})).detail == polish(ldtt.detail)


def test_a_check_without_a_key_or_with_an_unknown_one_shows_its_stored_detail() -> None:
    stored = "Năm 2025 xếp loại hoàn thành tốt nhiệm vụ (HTT); yêu cầu … (Law 06/2022/QH15 Art.24)"
    with i18n.using("en"):
        assert check_text(None, None, stored) == polish(stored)
        assert check_text("retired_key", {"year": 2025}, stored) == polish(stored)
        assert check_text("rating_at_least", {"year": 2025}, stored) == polish(stored)


@pytest.mark.parametrize(
    ("lang", "name", "value", "text"),
    [
        ("vi", "count", 1200, "1.200"),
        ("en", "count", 1200, "1,200"),
        ("en", "year", 2025, "2025"),
        ("en", "years", [], "none"),
        ("en", "share", 8 / 11, "72.73%"),
        ("vi", "percent", 70, "70\u00a0%"),
        ("en", "rating", "KHT", "did not complete tasks"),
        ("en", "scope", "unit", "grassroots"),
        ("en", "subject", "collective", "collective"),
        ("en", "award", "BK_TTG", "Prime Minister's Certificate of Merit"),
        ("en", "awards", ["CSTD_TINH", "CSTD_BO"],
         "Provincial Emulation Fighter or Ministerial Emulation Fighter"),
        ("vi", "cite", "Luật TĐKT 2003 (sửa đổi 2013) Art.23.1.a",
         "điểm a khoản 1 Điều 23 Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2013)"),
        ("en", "lapsed", "2027-03-01", "01/03/2027"),
    ],
)  # fmt: skip
def test_values_in_each_language(lang: i18n.Lang, name: str, value: object, text: str) -> None:
    with i18n.using(lang):
        assert word_value(name, value) == text  # type: ignore[arg-type]


def test_council_refusals_word_the_vote_and_the_quorum() -> None:
    failed = check_ballot(Vote(11, 10, 8), 0.9)
    refusal = f"Kết quả bỏ phiếu không đạt: {failed.detail}"
    with pytest.raises(BallotError) as info:
        check_quorum(Vote(11, 5, 5), quorum_for(default_catalog().get("AHLD")))
    quorum = f"present: {info.value.message}"
    assert reword(refusal).startswith("Kết quả bỏ phiếu không đạt: 8/11 thành viên đồng ý (72,73")
    with i18n.using("en"):
        assert reword(refusal) == (
            "Ballot failed: 8/11 members in favour (72.73% of all members, "
            "10 present); at least 90% required: not passed"
        )
        worded = reword_field("vote.present", quorum)
        assert "5/11 present, at least 9 needed (80% of all members, clause 4, Article 45" in worded
        assert not VIETNAMESE.search(worded)
        assert reword_field("awards", "awards: an award listed twice for the same period") == (
            "Awards received: An achievement earns each award only once"
        )

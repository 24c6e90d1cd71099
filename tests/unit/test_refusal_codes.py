"""The domain's structured refusals (domain.refusal): every place the domain refuses says why
with a reason code and values, and the API words each code from both catalogues, with names and
words instead of codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from api.refusal_text import refusal_field_text, refusal_text
from core import i18n
from domain.award_types import AwardTypeError, procedure
from domain.ballot import Vote
from domain.bonus import BonusError, base_salary_on, compute_bonus, period_bonuses
from domain.catalog import default_catalog
from domain.dossier import (
    Decide,
    DossierError,
    DossierState,
    Extend,
    Nominee,
    Object,
    Resolve,
    Resubmit,
    SetDeadline,
    Submit,
    TimerFired,
    Withdraw,
    apply,
    draft_dossier,
    open_dossier,
)
from domain.levels import DecidingLevel, Level, Subject
from domain.route_plan import plan_route
from domain.routes import OrgNode, RouteError, stage_index
from tests.support.chain import ANCESTRY, AT, STATE_ORGS

CATALOG = default_catalog()
VIETNAMESE = re.compile(r"[\u00C0-\u1EF9]")
# Keys whose values are codes or enum values: never shown as such in Vietnamese.
CODED = ("award", "status", "level", "subject", "award_type", "award_types", "parent_level")
Refused = DossierError | RouteError | BonusError | AwardTypeError


def _base(code: str) -> DossierState:
    award = CATALOG.get(code)
    route = plan_route(ANCESTRY, award, STATE_ORGS)
    return DossierState("HS1", award, "U1", route, "Tóm tắt", "canbo.u1")


def _people(state: DossierState, n: int = 2) -> tuple[Nominee, ...]:
    return tuple(Nominee(f"n{i}", state.award.subjects[0], f"Người {i}") for i in range(n))


def _opened(code: str = "LDTT") -> DossierState:
    base = _base(code)
    return open_dossier(base, _people(base), "canbo.u1", AT)[0]


def _then(state: DossierState, *commands: object) -> DossierState:
    for command in commands:
        state = apply(state, command, AT)[0]  # type: ignore[arg-type]
    return state


def _posted() -> DossierState:
    """CSTĐ toàn quốc in public posting at the province, with objection PA-1 received."""
    return _then(_opened("CSTD_TQ"), Decide("c", "D1", "approve"), Object("PA-1", "Nội dung"))


def _drafted() -> DossierState:
    base = _base("GIAY_KHEN")
    return draft_dossier(base, _people(base), "canbo.u1", AT)[0]


def _withdrawn() -> DossierState:
    return _then(_opened(), Withdraw("o", "U1", "Rút"))


def _returned() -> DossierState:
    return _then(_opened(), Decide("c", "D1", "return", "Bổ sung"))


def _at_province(code: str) -> DossierState:
    return _then(_opened(code), Decide("c", "D1", "approve"))


def _resolved() -> DossierState:
    posted = _then(_posted(), TimerFired("posting_end"))
    return _then(posted, Resolve("c", "P1", "PA-1", "dismissed", "Không có cơ sở"))


def _cmd(state: Callable[[], DossierState], command: object) -> Callable[[], object]:
    return lambda: apply(state(), command, AT)  # type: ignore[arg-type]


def _route(
    ancestry: list[OrgNode], deciding: DecidingLevel, state: dict[Level, str] | None = None
) -> Callable[[], object]:
    orgs = STATE_ORGS if state is None else state
    return lambda: plan_route(ancestry, deciding, orgs)


EMPTY_ROUTE = replace(_base("GIAY_KHEN").route, stages=())
GIAY_KHEN = CATALOG.get("GIAY_KHEN")
TTLDTT = CATALOG.get("TTLDTT")
CASES: list[tuple[str, Callable[[], object], dict[str, object]]] = [
    # dossier: opening, review, resubmission, withdrawal, deadlines, timers
    ("no_nominees", lambda: open_dossier(_base("LDTT"), (), "o", AT), {}),
    ("not_awarded_to",
     lambda: open_dossier(_base("TTLDTT"), (Nominee("n", Subject.individual, "A"),), "o", AT),
     {"award": "TTLDTT", "subject": "individual"}),
    ("empty_route",
     lambda: open_dossier(replace(_base("LDTT"), route=EMPTY_ROUTE), _people(_opened()), "o", AT),
     {}),
    ("status_no_review", _cmd(_withdrawn, Decide("c", "D1", "approve")),
     {"status": "withdrawn"}),
    ("not_your_turn", _cmd(_opened, Decide("c", "P1", "approve")), {}),
    ("no_nominee_chosen", _cmd(_opened, Decide("c", "D1", "approve", nominee_ids=())), {}),
    ("unknown_nominees", _cmd(_opened, Decide("c", "D1", "approve", nominee_ids=("n0", "x"))),
     {"nominees": ["x"]}),
    ("in_posting", _cmd(lambda: _at_province("AHLD"), Decide("c", "P1", "approve")), {}),
    ("no_base_salary",
     _cmd(lambda: _opened("GIAY_KHEN"),
          Decide("c", "D1", "approve", decision_date=date(1990, 1, 5))),
     {"on": "1990-01-05"}),
    ("invalid_action", _cmd(_opened, Decide("c", "D1", "promote", "Lý do")),
     {"action": "promote"}),
    ("reason_needed", _cmd(_opened, Decide("c", "D1", "reject", " ")), {}),
    ("resubmit_not_returned", _cmd(_opened, Resubmit("o", "U1")), {}),
    ("resubmit_proposer_only", _cmd(_returned, Resubmit("o", "D1")), {}),
    ("closed_no_withdraw", _cmd(_withdrawn, Withdraw("o", "U1")), {"status": "withdrawn"}),
    ("withdraw_proposer_only", _cmd(_opened, Withdraw("o", "D1")), {}),
    ("no_deadline", _cmd(_withdrawn, Extend("c", "D1", 3, "Lý do")), {}),
    ("extend_chair_only", _cmd(_opened, Extend("c", "BNV", 3, "Lý do")), {}),
    ("extend_returner_only", _cmd(_returned, Extend("c", "U1", 3, "Lý do")), {}),
    ("extend_days", _cmd(_opened, Extend("c", "D1", 61, "Lý do")), {}),
    ("extend_reason", _cmd(_opened, Extend("c", "D1", 3, " ")), {}),
    ("no_open_stage", _cmd(_drafted, SetDeadline(AT, None)), {}),
    ("no_open_stage", _cmd(_withdrawn, TimerFired("remind")), {}),
    ("bad_timer", _cmd(_opened, TimerFired("expire")), {"timer": "expire"}),
    # drafts and objections
    ("submit_not_draft", _cmd(_opened, Submit("o", "U1", _opened().route)), {}),
    ("submit_proposer_only", _cmd(_drafted, Submit("o", "D1", _drafted().route)), {}),
    ("empty_route", _cmd(_drafted, Submit("o", "U1", EMPTY_ROUTE)), {}),
    ("not_in_posting", _cmd(_opened, Object("PA-9", "Nội dung")), {}),
    ("objection_recorded", _cmd(_posted, Object("PA-1", "Lần nữa")), {"reference": "PA-1"}),
    ("no_nominee", _cmd(_posted, Object("PA-2", "Nội dung", nominee_id="zz")),
     {"nominee": "zz"}),
    ("no_objection", _cmd(_posted, Resolve("c", "P1", "PA-7", "upheld", "Lý do")),
     {"reference": "PA-7"}),
    ("closed_no_resolve",
     _cmd(lambda: _then(_posted(), Withdraw("o", "U1")), Resolve("c", "P1", "PA-1", "upheld", "x")),
     {"status": "withdrawn"}),
    ("objection_resolved", _cmd(_resolved, Resolve("c", "P1", "PA-1", "upheld", "Lý do")),
     {"reference": "PA-1"}),
    ("resolve_posting_chair_only", _cmd(_posted, Resolve("c", "D1", "PA-1", "upheld", "x")), {}),
    ("resolve_outcome", _cmd(_posted, Resolve("c", "P1", "PA-1", "maybe", "Lý do")), {}),
    ("resolve_reason", _cmd(_posted, Resolve("c", "P1", "PA-1", "upheld", " ")), {}),
    ("open_objs",
     _cmd(lambda: _then(_posted(), TimerFired("posting_end")),
          Decide("c", "P1", "approve", vote=Vote(10, 10, 10))),
     {"references": ["PA-1"]}),
    # councils and ballots
    ("vote_required", _cmd(lambda: _at_province("CO_CP"), Decide("c", "P1", "approve")), {}),
    ("quorum",
     _cmd(lambda: _at_province("CO_CP"), Decide("c", "P1", "approve", vote=Vote(11, 5, 5))),
     {"present": 5, "members_total": 11, "required": 8, "quorum": 2 / 3,
      "cite": "ND152/2025 Art.45.4"}),
    ("ballot_failed",
     _cmd(lambda: _at_province("CO_CP"), Decide("c", "P1", "approve", vote=Vote(10, 10, 7))),
     {"in_favor": 7, "members_total": 10, "present": 10, "share": 0.7, "threshold": 0.8}),
    # bonuses and award types
    ("no_base_salary", lambda: base_salary_on(date(1990, 1, 5)), {"on": "1990-01-05"}),
    ("not_awarded_to", lambda: compute_bonus(TTLDTT, Subject.individual, date(2026, 1, 5)),
     {"award": "TTLDTT", "subject": "individual"}),
    ("award_twice",
     lambda: period_bonuses([GIAY_KHEN, GIAY_KHEN], Subject.individual, date(2026, 1, 5)), {}),
    ("award_type_unknown", lambda: procedure(GIAY_KHEN, "bogus", False),
     {"value": "bogus", "award_types": ["regular", "thematic", "ad_hoc", "career", "foreign"]}),
    ("award_type_not_allowed", lambda: procedure(CATALOG.get("LDTT"), "thematic", False),
     {"award": "LDTT", "award_type": "thematic", "award_types": ["regular"]}),
    ("simplified_ad_hoc_only", lambda: procedure(GIAY_KHEN, "regular", True), {}),
    # routes
    ("no_proposer", _route([], DecidingLevel.LOCAL), {}),
    ("org_loop",
     _route([OrgNode("A", Level.unit, "B"), OrgNode("B", Level.unit, "A"),
             OrgNode("A", Level.unit, "B")], DecidingLevel.LOCAL),
     {"org": "A"}),
    ("state_org_above",
     _route([OrgNode("U", Level.unit, "BNV"), OrgNode("BNV", Level.central, None)],
            DecidingLevel.GOVERNMENT),
     {"org": "BNV", "level": "central"}),
    ("bad_org_kind",
     _route([OrgNode("A", Level.unit, "P1", "ngoai_le"), ANCESTRY[2]], DecidingLevel.LOCAL),
     {"org": "A", "kind": "ngoai_le"}),
    ("broken_chain", _route([ANCESTRY[0], ANCESTRY[2]], DecidingLevel.LOCAL),
     {"org": "U1", "parent_org": "P1"}),
    ("parent_below_child",
     _route([OrgNode("D1", Level.district, "U1"), OrgNode("U1", Level.unit, None)],
            DecidingLevel.LOCAL),
     {"parent_org": "U1", "parent_level": "unit", "org": "D1", "level": "district"}),
    ("no_state_org", _route(list(ANCESTRY), DecidingLevel.GOVERNMENT, {}),
     {"level": "central"}),
    ("outside_province", _route([OrgNode("U", Level.unit, None)], DecidingLevel.GOVERNMENT),
     {"org": "U"}),
    ("no_competent_org",
     _route([OrgNode("U", Level.unit, "P1"), ANCESTRY[2]], DecidingLevel.LOCAL),
     {"org": "U", "deciders": ["commune", "department", "district", "enterprise",
                               "legal_entity", "ministry"]}),
    ("level_not_on_route", lambda: stage_index(_opened().route, Level.central),
     {"level": "central", "route_levels": ["unit", "district"]}),
]  # fmt: skip


@pytest.mark.parametrize(("code", "refuse", "values"), CASES, ids=[c[0] for c in CASES])
def test_every_refusal_says_why_with_a_code_and_its_values(
    code: str, refuse: Callable[[], object], values: dict[str, object]
) -> None:
    with pytest.raises((DossierError, RouteError, BonusError, AwardTypeError)) as info:
        refuse()
    error: Refused = info.value  # type: ignore[assignment]
    assert (error.code, error.values) == (code, values)


@pytest.mark.parametrize(("code", "refuse", "values"), CASES, ids=[c[0] for c in CASES])
def test_every_code_reads_in_both_languages_without_codes(
    code: str, refuse: Callable[[], object], values: dict[str, object]
) -> None:
    vi = refusal_text(code, values)
    with i18n.using("en"):
        en = refusal_text(code, values)
    assert vi is not None
    assert en is not None
    assert vi != en
    for key in CODED:
        raw = values.get(key)
        for item in raw if isinstance(raw, list) else (raw,):
            if isinstance(item, str):
                assert not re.search(rf"\b{re.escape(item)}\b", vi), (code, item, vi)
    assert not VIETNAMESE.search(en), en


def test_the_workflows_own_refusals_use_their_msgids_without_a_label() -> None:
    """v2's refusal of an Idempotency-Key reused with another body reads as the API's own."""
    for lang in i18n.LANGS:
        with i18n.using(lang):
            assert refusal_field_text("Idempotency-Key", "key_reused", {}) == i18n.gettext(
                "msg.this_idempotency_key_was_used_with"
            )
    assert refusal_text("no_such_code", {}) is None  # an unknown code: the sentence is matched

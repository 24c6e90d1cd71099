"""Rules as a service: award catalogue, eligibility and bonus (pure domain calls)."""

from __future__ import annotations

from datetime import date, datetime

from api.check_text import check_out
from api.domain_text import reword_field
from api.errors import Invalid
from api.field_labels import named
from api.refusal_text import refusal_field_text, refusal_text
from api.schemas.reference import (
    AwardOut,
    BonusOut,
    EligibilityIn,
    EligibilityOut,
    LegalBasisOut,
)
from core.i18n import _
from domain.award_types import AwardTypeError, Procedure, allowed_types, procedure
from domain.ballot import quorum_for
from domain.bonus import BonusError, compute_bonus
from domain.calendar import VN_TZ
from domain.catalog import AwardRule, default_catalog
from domain.eligibility import (
    EligibilityInputError,
    EligibilityRequest,
    PriorAward,
    evaluate,
)
from domain.eligibility_criteria import DEFAULT_CRITERIA
from domain.levels import Subject
from domain.route_plan import DEFAULT_DECIDERS


def award_out(rule: AwardRule) -> AwardOut:
    return AwardOut.model_validate(
        {
            "code": rule.code,
            "name_vi": rule.name_vi,
            "name_en": rule.name_en,
            "category": rule.category,
            "subjects": [s.value for s in rule.subjects],
            "deciding_level": rule.deciding_level.value,
            "ballot_threshold": rule.ballot_threshold,
            "public_posting": rule.public_posting,
            "bonus_coefficient": rule.bonus_coefficient,
            "basis": LegalBasisOut(
                instrument=rule.basis.instrument,
                article=rule.basis.article,
                effective_from=rule.basis.effective_from,
                effective_to=rule.basis.effective_to,
            ),
            "deciders": list(rule.deciders or DEFAULT_DECIDERS[rule.deciding_level]),
            "proposers": list(rule.proposers),
            "award_types": [t.value for t in allowed_types(rule)],
            "quorum": float(quorum_for(rule)),
        }
    )


def expired_bases(on: date) -> list[str]:
    """Warnings for /readyz: rules whose legal basis ended before ``on`` with no successor,
    award rules of the catalogue and eligibility criteria alike."""
    awards = [
        _(
            "msg.basis_expired_with_no_successor",
            code=code,
            cite=basis.cite(),
            effective_to=format(basis.effective_to, "%d/%m/%Y"),
        )
        for code, basis in default_catalog().expired(on)
        if basis.effective_to is not None
    ]
    criteria = [
        _(
            "msg.criteria_expired_with_no_successor",
            code=c.award_code,
            kind=_(f"kind.{c.subject.value}"),
            cite=c.cite(),
            effective_to=format(c.effective_to, "%d/%m/%Y"),
        )
        for c in DEFAULT_CRITERIA.expired(on)
        if c.effective_to is not None
    ]
    return awards + criteria


def list_awards() -> list[AwardOut]:
    return [award_out(rule) for rule in default_catalog()]


def award_rule(code: str, *, field: str = "award_code") -> AwardRule:
    catalog = default_catalog()
    if code not in catalog:
        raise Invalid.field(field, _("domain.unknown_award", code=code))
    return catalog.get(code)


def dossier_procedure(rule: AwardRule, award_type: str, simplified: bool) -> Procedure:
    """The award type's procedure for a new dossier; 422 naming the field when not allowed."""
    try:
        return procedure(rule, award_type, simplified)
    except AwardTypeError as exc:
        message = refusal_text(exc.code, exc.values) or exc.message
        if exc.field == "simplified":  # "Thủ tục đơn giản chỉ áp dụng …" names it itself
            message = named(message)
        raise Invalid.field(exc.field, message) from None


def eligibility(body: EligibilityIn) -> EligibilityOut:
    award_rule(body.award_code)
    request = EligibilityRequest(
        award_code=body.award_code,
        year=body.year,
        subject=Subject(body.subject),
        history=tuple(h.record() for h in body.history),
        awards=tuple(
            PriorAward(code=a.code, year=a.year, award_type=a.award_type) for a in body.awards
        ),
        on=body.on or datetime.now(VN_TZ).date(),
    )
    try:
        result = evaluate(request, default_catalog())
    except EligibilityInputError as exc:
        raise Invalid.field(exc.field, reword_field(exc.field, exc.message)) from None
    return EligibilityOut(eligible=result.eligible, checks=[check_out(c) for c in result.checks])


def bonus(*, award_code: str, subject: str, decision_date: date) -> BonusOut:
    rule = award_rule(award_code)
    try:
        result = compute_bonus(rule, Subject(subject), decision_date)
    except BonusError as exc:
        message = refusal_field_text(exc.field, exc.code, exc.values)
        raise Invalid.field(exc.field, message or reword_field(exc.field, str(exc))) from None
    return BonusOut(
        coefficient=result.coefficient,
        base_salary_vnd=result.base_salary_vnd,
        amount_vnd=result.amount_vnd,
    )

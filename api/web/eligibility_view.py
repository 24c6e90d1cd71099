"""How a nominee's eligibility is summarised on pages: eligible, not yet, or for the council to
review (an award with no automatic checks: the checks found nothing to refuse, which is not the
same as "eligible"), with the notes a reader needs."""

from __future__ import annotations

from dataclasses import dataclass

from api.schemas.reference import CheckOut, EligibilityOut

# the checks that say no automatic criteria exist: the council judges the dossier itself
REVIEW = "manual_review"


@dataclass(frozen=True)
class Summary:
    state: str  # yes | no | review
    badge: str  # the badge's CSS class
    label: str  # msgid of the badge's words
    notes: list[CheckOut]  # the checks a reader must see (unmet, or the council's note)


BADGES = {
    "yes": ("ok", "eligibility.yes"),
    "no": ("rejected", "eligibility.no"),
    "review": ("info", "elig.review"),
}


def _review(check: CheckOut) -> bool:
    return REVIEW in (check.rule, check.key)


def summary(result: EligibilityOut) -> Summary:
    """The badge and the notes of ``result`` (its details already in the reader's language)."""
    review = [c for c in result.checks if _review(c)]
    state = "no" if not result.eligible else "review" if review else "yes"
    badge, label = BADGES[state]
    notes = [c for c in result.checks if not c.met or _review(c)]
    return Summary(state, badge, label, notes)


def shown_basis(check: CheckOut) -> str:
    """The check's legal basis when its sentence does not already name it ("" then)."""
    return "" if not check.basis or check.basis in check.detail else check.basis

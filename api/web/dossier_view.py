"""What the dossier page says in words: who acts next and by when, each nominee's outcome in
the dossier's situation, who did each step of the history."""

from __future__ import annotations

import re
from collections.abc import Mapping

from api.schemas.dossier_views import DossierOut, HistoryOut
from api.web.render import fmt_date
from core.i18n import _

# Levels whose head is the chair of a people's committee (UBND); elsewhere, "the head of".
CHAIRED = frozenset({"commune", "district", "province"})
# Levels whose org is itself the person who acts (Thủ tướng Chính phủ, Chủ tịch nước).
PERSONAL = frozenset({"government", "president"})
# Steps taken by the proposing unit, whatever stage the dossier was at.
PROPOSER_ACTIONS = frozenset({"drafted", "submitted", "resubmitted", "withdrawn"})


def actor_of(level: str, org: str) -> str:
    """Who acts for ``org``: "Chủ tịch UBND tỉnh Bắc Ninh", "Thủ tướng Chính phủ"…"""
    if level in PERSONAL:
        return org
    if level in CHAIRED:
        return _("actor.chair", org=org)
    return _("actor.head", org=org)


def next_step(d: DossierOut, names: Mapping[str, str]) -> str | None:
    """ "Chờ Chủ tịch UBND tỉnh Bắc Ninh xét duyệt — hạn 12/12/2026", or None when closed."""
    stage = d.stage
    if d.status == "decided" and d.decision is not None:
        return _(
            "next.decided",
            number=d.decision.number,
            date=fmt_date(d.decision.date),
            org=names.get(d.decision.authority_org, d.decision.authority_org),
        )
    if d.status == "draft":
        return _("next.draft", org=names.get(d.proposer_org, d.proposer_org))
    if stage is None or d.status not in ("in_review", "returned"):
        return None
    org = names.get(stage.org_code, stage.org_code)
    due = fmt_date(stage.due_at)
    if stage.phase == "resubmission" or d.status == "returned":
        proposer = names.get(d.proposer_org, d.proposer_org)
        return _("next.resubmission", org=proposer, due=due)
    if stage.phase == "public_posting":
        return _("next.posting", org=org, due=fmt_date(d.posting_ends_at or stage.due_at))
    if d.open_objections:
        return _("next.objections", actor=actor_of(stage.level, org), n=d.open_objections)
    final = bool(d.route) and stage.level == d.route[-1]
    msgid = "next.decide" if final else "next.review"
    return _(msgid, actor=actor_of(stage.level, org), due=due)


def outcome_key(status: str, outcome: str) -> str:
    """The msgid of a nominee's outcome as the dossier now stands."""
    if status == "decided":
        return "outcome.awarded" if outcome == "approved" else "outcome.not_awarded"
    if status in ("withdrawn", "rejected", "expired"):
        return f"outcome.dossier_{status}"
    if status == "draft":  # not sent yet: nobody is reviewing it
        return "outcome.in_draft"
    return f"outcome.{outcome}"


def history_org(d: DossierOut, h: HistoryOut) -> str | None:
    """The org that took a step: the proposer for its own steps, else the stage's org."""
    if h.action in PROPOSER_ACTIONS:
        return d.proposer_org
    return h.org_code


def submissions(d: DossierOut) -> int:
    """How many times the proposer has sent the dossier (1 until a resubmission)."""
    return 1 + sum(1 for h in d.history if h.action == "resubmitted")


def org_codes(d: DossierOut) -> list[str]:
    codes = [d.proposer_org, *d.route_orgs, *(h.org_code for h in d.history if h.org_code)]
    if d.stage:
        codes.append(d.stage.org_code)
    if d.decision:
        codes.append(d.decision.authority_org)
    return codes


# the dossier page's form fields top to bottom (panels in the page's order): its error
# summary lists them so
PAGE_ORDER = (
    "",
    "sign",
    "submit", "submit-comment", "submit-round_code",
    "decide", "decide-action", "decide-comment", "decide-nominee_ids", "decide-vote",
    *(f"decide-vote-{f}" for f in ("members_total", "present", "in_favor")),
    "decide-decision_number", "decide-decision_date",
    "resubmit", "resubmit-comment", "resubmit-summary", "nominees",
    "extend", "extend-working_days", "extend-comment",
    "withdraw", "withdraw-comment",
)  # fmt: skip

# a panel's own message (no field named) leads to the panel's first field
FIRST_FIELD = {
    "decide": "f-decide-action",
    "decide-vote": "f-decide-vote-members_total",
    "resubmit": "f-resubmit-comment",
    "extend": "f-extend-working_days",
    "withdraw": "f-withdraw-comment",
    "submit": "f-submit-comment",
}


def summary_targets(errors: Mapping[str, str]) -> dict[str, str]:
    """Where each error of the page's summary leads (an objection's message: its choices)."""
    targets = {key: FIRST_FIELD[key] for key in errors if key in FIRST_FIELD}
    if "nominees" in errors:  # the resubmission's empty list: its first name to fill
        targets["nominees"] = "f-nominees-0-name"
    for key in errors:
        if re.fullmatch(r"objection-PA-[0-9A-Z]+", key):
            targets[key] = f"f-{key}-outcome"
    return targets

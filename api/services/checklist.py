"""The papers checklist at submission (contract §13): a province policy switch.

With ``enforce_documents`` in the province's policy (``TDKT_SLA_POLICY``), a dossier cannot be
submitted (created directly, submitted from a draft, or resubmitted) while a paper required at
the level it goes to is missing; without it the checklist only informs.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.legal_text import cite
from core.i18n import _
from domain.documents import documents_summary
from domain.levels import Level
from domain.policy import DeadlinePolicy
from domain.routes import Route
from store.repositories import attachments
from store.repositories.orgs import OrgRow


def first_level(route: Route) -> str:
    """Where a submitted dossier arrives: the papers are judged for that level."""
    return route.stages[0].level.value if route.stages else route.levels[0].value


def province_of(ancestry: list[OrgRow]) -> str | None:
    """The province (or centrally-run city) above the proposer, None under a ministry."""
    return next((o.code for o in ancestry if o.level == Level.province.value), None)


async def require_papers(
    *,
    session: AsyncSession,
    policy: DeadlinePolicy,
    ancestry: list[OrgRow],
    award_code: str,
    level: str,
    simplified: bool,
    dossier_id: str | None,
) -> None:
    """409 naming the papers missing for ``level`` when the province enforces the checklist."""
    if not policy.documents_enforced(province_of(ancestry)):
        return
    present = (
        set()
        if dossier_id is None
        else await attachments.kinds(session=session, dossier_id=dossier_id)
    )
    summary = documents_summary(
        award_code,
        level,
        simplified,
        present,
    )
    if not summary.missing:
        return
    names = ", ".join(_(f"doc.{k.value}") for k in summary.missing)
    raise Conflict(
        _("msg.required_papers_missing", names=names, basis=cite(summary.basis.cite())),
        errors=[
            {
                "field": f"documents.{k.value}",
                "message": _("msg.paper_missing", name=_(f"doc.{k.value}")),
            }
            for k in summary.missing
        ],
    )

"""What the dossier page shows of its papers: the checklist, the attachments, the generated
papers that the dossier's state allows (the same rules as the API, contract §13–§14) and the
signature of the quyết định."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import AppError
from api.schemas.attachments import AttachmentOut
from api.schemas.dossier_views import DocumentsOut, DossierOut
from api.services import attachments, dossier_views, dossiers
from api.services.attachments import CHANGE_STATUSES, UPLOAD_STATUSES
from api.services.reference import award_rule
from api.services.signing import QUYET_DINH
from domain.documents import DocumentKind, documents_summary
from store.repositories import signing

# History actions that may be a council meeting (api.papers.minutes.DECIDING): one with the
# council's vote has minutes.
MEETINGS = ("approved", "decided", "returned", "rejected")
KINDS = tuple(k.value for k in DocumentKind)


@dataclass(frozen=True)
class Link:
    label: str  # an i18n key
    href: str
    fmt: str  # pdf | docx | xlsx
    level: str | None = None  # the route level a paper of a stage belongs to
    name: str | None = None  # a nominee's name, for certificates


@dataclass(frozen=True)
class Signed:
    signed_by: str
    signed_at: datetime
    sha256: str


@dataclass(frozen=True)
class PapersView:
    checklist: DocumentsOut | None
    attachments: list[AttachmentOut]
    can_upload: bool
    can_change: bool
    papers: list[Link] = field(default_factory=list)
    certificates: list[Link] = field(default_factory=list)
    can_sign: bool = False
    signed: Signed | None = None


async def first_level(session: AsyncSession, d: DossierOut) -> str | None:
    """The level a draft goes to when submitted (its papers are judged there, as the
    submission's check does); None when no route can be planned now."""
    try:
        rule = award_rule(d.award_code)
        route, _ancestry = await dossiers.plan(
            session, d.proposer_org, rule, simplified=d.simplified
        )
    except AppError:
        return None
    return route.stages[0].level.value if route.stages else None


async def _checklist(
    session: AsyncSession, d: DossierOut, present: set[str], draft_level: str | None
) -> DocumentsOut | None:
    if d.status == "draft":
        if draft_level is None:
            return None
        summary = documents_summary(d.award_code, draft_level, d.simplified, present)
        return DocumentsOut(
            required=[k.value for k in summary.required],
            present=[k.value for k in summary.present],
            missing=[k.value for k in summary.missing],
            basis=summary.basis.cite(),
        )
    if d.stage is None and not d.route:
        return None
    return dossier_views.with_documents(d, present, d.simplified).documents


def stage_papers(d: DossierOut) -> list[Link]:
    """Tờ trình of the proposer and of every level that forwarded the dossier upwards; the
    biên bản of every level whose council voted on it; the quyết định once decided."""
    base = f"/ho-so/{d.id}/van-ban"
    links: list[Link] = []
    if d.route:
        forwarded = {h.level for h in d.history if h.action == "approved" and h.level}
        for index, level in enumerate(d.route[:-1]):
            if index == 0 or level in forwarded:
                query = "" if index == 0 else f"?cap={level}"
                for fmt in ("pdf", "docx"):
                    href = f"{base}/to-trinh.{fmt}{query}"
                    links.append(Link("paper.to_trinh", href, fmt, level))
    met: list[str] = []
    for h in d.history:
        if h.action in MEETINGS and h.vote is not None and h.level and h.level not in met:
            met.append(h.level)
    for level in met:
        links.append(Link("paper.bien_ban", f"{base}/bien-ban.pdf?cap={level}", "pdf", level))
    if d.status == "decided" and d.decision is not None:
        for fmt in ("pdf", "docx"):
            links.append(Link("paper.quyet_dinh", f"{base}/quyet-dinh.{fmt}", fmt))
        links.append(Link("paper.annex", f"{base}/quyet-dinh.xlsx", "xlsx"))
    return links


def certificates(d: DossierOut) -> list[Link]:
    if d.status != "decided" or d.decision is None:
        return []
    return [
        Link("paper.certificate", f"/ho-so/{d.id}/bang-khen/{n.id}.pdf", "pdf", name=n.name)
        for n in d.nominees
        if n.outcome == "approved"
    ]


async def papers_view(
    session: AsyncSession, user: Principal, d: DossierOut, draft_level: str | None = None
) -> PapersView:
    listed = await attachments.list_(session=session, principal=user, dossier_id=d.id)
    present = {str(a.kind) for a in listed.items}
    officer = "officer" in user.roles and user.org_code == d.proposer_org
    decided = d.status == "decided" and d.decision is not None
    row = await signing.get_signed(session=session, dossier_id=d.id, document=QUYET_DINH)
    return PapersView(
        checklist=await _checklist(session, d, present, draft_level),
        attachments=listed.items,
        can_upload=officer and d.status in UPLOAD_STATUSES,
        can_change=officer and d.status in CHANGE_STATUSES,
        papers=stage_papers(d),
        certificates=certificates(d),
        can_sign=bool(  # a signed decision is not signed again (api.services.signing)
            decided
            and row is None
            and d.decision is not None
            and "chair" in user.roles
            and user.org_code == d.decision.authority_org
        ),
        signed=None if row is None else Signed(row.signed_by, row.signed_at, row.sha256),
    )

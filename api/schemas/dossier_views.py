"""Dossiers (contract §7): what the API answers, one dossier, its summaries, pages and tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.dossiers import Kind, Phase, Status
from api.schemas.reference import EligibilityOut as NomineeEligibilityOut


class StageOut(BaseModel):
    level: str = Field(examples=["district"])
    org_code: str = Field(examples=["BN-TD"])
    arrived_at: datetime
    due_at: datetime | None
    overdue: bool
    escalation_level: int
    phase: Phase


class NomineeOut(BaseModel):
    id: str
    name: str
    kind: Kind
    outcome: Literal["pending", "approved", "dropped"]
    position: str | None = None
    bonus_vnd: int | None = None
    # personal data (Decree 13/2023): only orgs that can see the dossier read it
    birth_date: date | None = None
    identity_number: str | None = None
    eligibility: NomineeEligibilityOut | None = Field(
        default=None, description="Found at submission from the registry and declared history"
    )


class BonusLineOut(BaseModel):
    nominee_id: str
    amount_vnd: int = Field(examples=[1_170_000])


class DecisionOut(BaseModel):
    number: str = Field(examples=["125/QĐ-UBND"])
    date: date
    authority_org: str
    bonus: list[BonusLineOut]


class HistoryOut(BaseModel):
    at: datetime
    actor: str = Field(examples=["td.chutich"])
    action: str = Field(examples=["approved"])
    level: str | None
    comment: str
    org_code: str | None = None
    vote: VoteOut | None = Field(default=None, description="The council's ballot, when one voted")
    working_days: int | None = Field(
        default=None, description="A deadline extension: the working days granted"
    )
    due_at: datetime | None = Field(
        default=None, description="A deadline extension: the new deadline it led to"
    )


class VoteOut(BaseModel):
    members_total: int
    present: int
    in_favor: int


class DocumentsOut(BaseModel):
    """The dossier's papers checklist (contract §13): kinds required, present and missing."""

    required: list[str] = Field(examples=[["to_trinh", "bao_cao_thanh_tich", "bien_ban"]])
    present: list[str] = Field(examples=[["to_trinh"]])
    missing: list[str] = Field(examples=[["bao_cao_thanh_tich", "bien_ban"]])
    basis: str = Field(default="", examples=["Law 06/2022/QH15 Art.84"])


class DossierOut(BaseModel):
    """Contract §7 plus `summary`, `year`, `round_code`, `late`, `version`, `posting_ends_at`."""

    id: str = Field(examples=["HS-2026-7F3A9C21"])
    award_code: str = Field(examples=["GIAY_KHEN"])
    proposer_org: str
    route: list[str] = Field(
        examples=[["unit", "district"]],
        description="Levels of the route, the proposer's first; [] for a draft (planned when "
        "submitted)",
    )
    status: Status
    round: int
    stage: StageOut | None
    nominees: list[NomineeOut]
    decision: DecisionOut | None
    history: list[HistoryOut]
    summary: str = ""
    year: int | None = None
    round_code: str | None = None
    late: bool = False
    version: int = 0
    posting_ends_at: datetime | None = None
    route_orgs: list[str] = Field(
        default_factory=list,
        examples=[["U-TRUONG-A", "H-DONG-ANH"]],
        description="Org codes of the route, index by index with `route`: route_orgs[i] acts at "
        "route[i], the proposer first (just the proposer when it decides itself); [] for a draft",
    )
    award_type: str = "regular"
    simplified: bool = False
    warnings: list[str] = Field(
        default_factory=list,
        description="Set in the answer of a create: nominees found not (yet) eligible",
    )
    documents: DocumentsOut | None = None
    open_objections: int = Field(
        default=0, description="unresolved objections; approval waits for them (§15)"
    )
    live: bool = Field(
        default=False,
        description="True when read from the running workflow, false from the read model",
    )


class DossierSummary(BaseModel):
    id: str
    award_code: str
    proposer_org: str
    status: Status
    stage: StageOut | None
    round: int
    summary: str
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    round_code: str | None = Field(default=None, description="the round (đợt xét) it belongs to")
    late: bool = Field(default=False, description="submitted after its round's cut-off")
    open_objections: int = Field(default=0, description="unresolved objections (§15)")


class DossierPage(BaseModel):
    items: list[DossierSummary]
    total: int = Field(
        description="Matching dossiers: exact up to 10,000, above that the planner's estimate "
        "(then `total_is_estimate` is true)"
    )
    page: int
    page_size: int
    total_is_estimate: bool = Field(
        default=False, description="`total` is an estimate (more than 10,000 matches)"
    )
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` to get the page after this one (keyset pagination, fast "
        "at any depth); null on the last page",
    )


class TaskList(BaseModel):
    items: list[DossierSummary]
    total: int = Field(default=0, description="Exact number of dossiers waiting for your org")
    page: int = Field(default=1, description="this page (1-based; `page` of the request)")
    page_size: int = Field(default=100, description="dossiers a page (`limit` of the request)")

"""Dossiers (contract §7): create, read, decide, resubmit, withdraw, list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from api.registry_text import identity_refusal
from api.schemas.common import Day, RequestModel
from api.schemas.reference import EligibilityOut as NomineeEligibilityOut
from api.schemas.reference import HistoryYear
from api.schemas.registry import past_birth_date
from api.schemas.text import MultilineText, Text
from core.i18n import _

Status = Literal["draft", "in_review", "returned", "decided", "rejected", "withdrawn", "expired"]
Kind = Literal["individual", "collective", "household"]
Phase = Literal["review", "public_posting", "resubmission"]
DOSSIER_ID = r"^[A-Za-z0-9_.-]{1,40}$"


class NomineeIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind
    name: Text = Field(min_length=1, max_length=300, examples=["Nguyễn Văn An"])
    position: Text | None = Field(default=None, max_length=300, examples=["Giáo viên"])
    gender: Literal["male", "female", "other"] | None = None
    is_direct_worker: bool = False
    ethnic_minority: bool = False
    # contract §12: matched against the award registry; declared history feeds eligibility
    birth_date: date | None = Field(default=None, examples=["1985-04-12"])
    identity_number: str | None = Field(default=None, max_length=12, examples=["027085001234"])
    history: list[HistoryYear] = Field(default_factory=list, max_length=60)
    initiative_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        default_factory=list, max_length=20, description="Ids from the initiative register"
    )

    @field_validator("birth_date")
    @classmethod
    def _born(cls, value: date | None) -> date | None:
        return past_birth_date(value)

    @field_validator("identity_number")
    @classmethod
    def _identity(cls, value: str | None, info: ValidationInfo) -> str | None:
        problem = None if value is None else identity_refusal(value, info.data.get("birth_date"))
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("history")
    @classmethod
    def _history(cls, value: list[HistoryYear], info: ValidationInfo) -> list[HistoryYear]:
        born = info.data.get("birth_date")
        if not isinstance(born, date):
            return value
        for record in value:
            if record.year < born.year:
                problem = _("sheet.year_before_birth", year=record.year, born_year=born.year)
                raise ValueError(problem)
        return value


AwardTypeName = Literal["regular", "thematic", "ad_hoc", "career", "foreign"]


class DossierCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "proposer_org": "BN-TD-THLV",
                    "award_code": "GIAY_KHEN",
                    "summary": "Hoàn thành xuất sắc nhiệm vụ năm học 2025-2026",
                    "nominees": [
                        {
                            "kind": "individual",
                            "name": "Nguyễn Văn An",
                            "position": "Giáo viên",
                            "is_direct_worker": True,
                        }
                    ],
                }
            ]
        },
    )
    proposer_org: Text = Field(max_length=64)
    award_code: Text = Field(max_length=32)
    summary: MultilineText = Field(default="", max_length=10_000)
    nominees: list[NomineeIn] = Field(min_length=1, max_length=200)
    year: int | None = Field(default=None, ge=1945, le=2100)
    round_code: Text | None = Field(default=None, max_length=64)
    award_type: AwardTypeName = Field(
        default="regular",
        description="Law Art.8: regular, thematic, ad_hoc, career, foreign",
    )
    simplified: bool = Field(
        default=False,
        description="simplified procedure (Law Art.85), only with ad_hoc: no public posting, "
        "shorter limits, reduced document set",
    )
    draft: bool = Field(
        default=False,
        description="keep it as a draft of the proposing org (no route, seen by that org only) "
        "until `POST /api/v1/dossiers/{id}/submit` (contract §13)",
    )

    @model_validator(mode="after")
    def _summary_when_submitted(self) -> Self:
        """Contract §7 lists `summary` without "?": a dossier sent for review states its
        achievements (the decision cites them). Only a draft may leave it empty for now."""
        if not self.draft and not self.summary:
            raise summary_required()
        return self


def summary_required() -> PydanticCustomError:
    """The refusal of a submitted dossier without a summary, named as the field `summary`."""
    reason = _("text.required_when_submitted")
    return PydanticCustomError(
        "text_invalid", "{field}: {reason}", {"field": "summary", "reason": reason}
    )


class VoteIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    members_total: int = Field(ge=1, le=1000)
    present: int = Field(ge=0, le=1000)
    in_favor: int = Field(ge=0, le=1000)


class DecisionIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"action": "approve", "comment": "Đồng ý trình cấp trên"},
                {"action": "return", "comment": "Bổ sung minh chứng sáng kiến"},
                {
                    "action": "approve",
                    "comment": "Hội đồng nhất trí",
                    "vote": {"members_total": 11, "present": 10, "in_favor": 10},
                },
            ]
        },
    )
    action: Literal["approve", "return", "reject"]
    comment: MultilineText = Field(default="", max_length=5000)
    nominee_ids: list[Text] | None = Field(default=None, max_length=200)
    vote: VoteIn | None = None
    decision_number: Text | None = Field(default=None, max_length=64)
    decision_date: Day | None = None


class ResubmitIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"comment": "Đã bổ sung minh chứng"}]},
    )
    # contract §7: {"comment","summary"?,"nominees"?}: the comment says what was completed
    comment: MultilineText = Field(min_length=1, max_length=5000)
    summary: MultilineText | None = Field(default=None, min_length=1, max_length=10_000)
    nominees: list[NomineeIn] | None = Field(default=None, min_length=1, max_length=200)


class SubmitIn(RequestModel):
    """Submit a draft; the summary and nominees may still change (else kept as drafted)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"comment": "Đã đủ hồ sơ, đề nghị xét"}]},
    )
    comment: MultilineText = Field(default="", max_length=5000)
    summary: MultilineText | None = Field(default=None, min_length=1, max_length=10_000)
    nominees: list[NomineeIn] | None = Field(default=None, min_length=1, max_length=200)
    round_code: Text | None = Field(
        default=None,
        max_length=64,
        description="submit it into this open round (else the round it was drafted for, if any)",
    )


class WithdrawIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"comment": "Đơn vị rút hồ sơ"}]}
    )
    comment: MultilineText = Field(default="", max_length=5000)


class ExtendIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"working_days": 5, "comment": "Chờ ý kiến Sở Tư pháp"}]},
    )
    working_days: int = Field(ge=1, le=60, description="Extra working days for the open stage")
    comment: MultilineText = Field(min_length=1, max_length=5000)


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

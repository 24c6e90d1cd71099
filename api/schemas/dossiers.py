"""Dossiers (contract §7): the requests that create, decide, resubmit, submit, withdraw, extend.

What the API answers about a dossier is in `api.schemas.dossier_views`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.registry_text import identity_refusal
from api.schemas.common import IDENTITY_SHAPE, Day, RequestModel
from api.schemas.reference import HistoryYear
from api.schemas.registry_fields import past_birth_date
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
    identity_number: str | None = Field(
        default=None, max_length=12, examples=["027085001234"], json_schema_extra=IDENTITY_SHAPE
    )
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

"""Award catalogue, working-day calendar, eligibility and bonus (contract §4, §6, §8)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas.common import Day, RequestModel
from api.schemas.text import MultilineText, Text
from core.i18n import _
from domain.catalog import default_catalog
from domain.eligibility_model import CheckValue, Rating, YearRecord

SubjectName = Literal["individual", "collective", "household"]
YEARS = range(1945, 2101)  # the years a record may name
YEAR = Field(ge=YEARS.start, le=YEARS.stop - 1)


def known_award(code: str) -> str:
    """``code`` when the catalogue holds it; a worded ValueError otherwise (an award or title a
    nominee is said to hold must exist, or eligibility would count a typo as nothing)."""
    if code not in default_catalog():
        raise ValueError(_("domain.unknown_award", code=code))
    return code


class LegalBasisOut(BaseModel):
    instrument: str = Field(examples=["Law 06/2022/QH15"])
    article: str = Field(examples=["24"])
    effective_from: date
    effective_to: date | None


class AwardOut(BaseModel):
    code: str = Field(examples=["CSTD_TINH"])
    name_vi: str = Field(examples=["Chiến sĩ thi đua cấp tỉnh"])
    name_en: str = Field(examples=["Provincial Emulation Fighter"])
    category: Literal["title", "form"]
    subjects: list[SubjectName]
    deciding_level: Literal["district/commune", "province", "ministry", "government", "president"]
    ballot_threshold: float | None = Field(examples=[None, 0.8, 0.9])
    public_posting: bool
    bonus_coefficient: float = Field(examples=[3.0])
    basis: LegalBasisOut
    deciders: list[str] = Field(
        default_factory=list,
        description="org kinds/levels competent to decide (contract §11)",
        examples=[["legal_entity", "enterprise", "department", "ministry", "commune"]],
    )
    proposers: list[str] = Field(
        default_factory=list,
        description="org kinds/levels that may propose it, or kind/parent (a unit directly "
        "under such an org); empty: any org the route leads from",
        examples=[[], ["commune", "district"]],
    )
    award_types: list[str] = Field(default_factory=list, examples=[["regular"]])
    quorum: float = Field(default=2 / 3, description="share of members a council needs present")


class WorkingDays(BaseModel):
    start: date = Field(examples=["2026-02-13"])
    days: int = Field(examples=[5])
    due_date: date = Field(examples=["2026-02-27"])


class Holiday(BaseModel):
    date: date
    name: str = Field(examples=["Tết Nguyên Đán"])


class OverrideIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"working": True, "note": "Làm bù cho ngày 2/1"}]},
    )
    working: bool
    note: MultilineText = Field(default="", max_length=500)


class OverrideItem(BaseModel):
    date: date
    working: bool
    note: str
    updated_by: str


class OverrideOut(BaseModel):
    date: date
    working: bool
    note: str
    updated_by: str
    workflows_notified: int = Field(
        description="Running dossier workflows the recalculation job signals", examples=[3]
    )
    recalculation_job: str | None = Field(
        default=None,
        description="The Temporal batch operation that signals them (null: none was needed, "
        "or Temporal could not take it; later transitions read the override anyway)",
    )


class OverrideRemovedOut(BaseModel):
    """What removing an override scheduled: the same recalculation as after a PUT."""

    date: date
    workflows_notified: int = Field(
        description="Running dossier workflows the recalculation job signals", examples=[3]
    )
    recalculation_job: str | None = Field(
        default=None, description="The Temporal batch operation that signals them (see PUT)"
    )


class HistoryYear(RequestModel):
    model_config = ConfigDict(extra="forbid")
    year: int = YEAR
    rating: Literal["HTXS", "HTT", "HT", "KHT"]
    titles: list[Text] = Field(default_factory=list, max_length=20)
    initiative_scope: Literal["unit", "province", "national"] | None = None
    members_total: int | None = Field(default=None, ge=0, le=1_000_000)
    members_completed: int | None = Field(default=None, ge=0, le=1_000_000)
    members_ldtt: int | None = Field(default=None, ge=0, le=1_000_000)
    members_cstd_cs: int | None = Field(default=None, ge=0, le=1_000_000)
    initiatives: int | None = Field(
        default=None, ge=0, le=100, description="initiatives recognised that year (counted)"
    )
    members_disciplined: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        description="members disciplined at cảnh cáo or above that year",
    )

    @field_validator("titles")
    @classmethod
    def _titles(cls, titles: list[str]) -> list[str]:
        return [known_award(code) for code in titles]

    def record(self) -> YearRecord:
        """The year as the eligibility engine reads it (every declared figure kept)."""
        return YearRecord(
            year=self.year,
            rating=Rating(self.rating),
            titles=tuple(self.titles),
            initiative_scope=self.initiative_scope,
            members_total=self.members_total,
            members_completed=self.members_completed,
            members_ldtt=self.members_ldtt,
            members_cstd_cs=self.members_cstd_cs,
            initiatives=self.initiatives,
            members_disciplined=self.members_disciplined,
        )


class PriorAwardIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    code: Text = Field(max_length=32)
    year: int = YEAR
    award_type: Literal["regular", "thematic", "ad_hoc", "career", "foreign"] = "regular"

    @field_validator("code")
    @classmethod
    def _code(cls, code: str) -> str:
        return known_award(code)


class EligibilityIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "award_code": "CSTD_CS",
                    "year": 2025,
                    "subject": "individual",
                    "history": [
                        {
                            "year": 2025,
                            "rating": "HTXS",
                            "titles": ["LDTT"],
                            "initiative_scope": "unit",
                        }
                    ],
                    "awards": [],
                }
            ]
        },
    )
    award_code: Text = Field(max_length=32)
    year: int = YEAR
    subject: Literal["individual", "collective"]
    history: list[HistoryYear] = Field(max_length=60)
    awards: list[PriorAwardIn] = Field(default_factory=list, max_length=100)
    on: Day | None = Field(
        default=None,
        description="the dossier's lodging date, whose criteria apply (ND152 Art.60); "
        "default: today in Vietnam",
        examples=["2025-06-15"],
    )


class CheckOut(BaseModel):
    rule: str = Field(examples=["rating_htt_or_better"])
    met: bool
    detail: str = Field(
        description="the reason in the request's language (Accept-Language)",
        examples=["Năm 2025 xếp loại hoàn thành tốt nhiệm vụ; yêu cầu từ hoàn thành tốt nhiệm vụ "
                  "trở lên"],
    )  # fmt: skip
    basis: str = Field(examples=["Law 06/2022/QH15 Art.24"])
    key: str | None = Field(
        default=None,
        description="the reason in machine form: a stable key (with `values`); null for checks "
        "recorded before reasons had keys",
        examples=["rating_at_least"],
    )
    values: dict[str, CheckValue] | None = Field(
        default=None,
        description="the reason's values: years, counts, ratios, ISO dates and codes "
        "(ratings, awards, scopes, subjects)",
        examples=[{"year": 2025, "rating": "HTT", "required_rating": "HTT"}],
    )


class EligibilityOut(BaseModel):
    eligible: bool
    checks: list[CheckOut]


class BonusOut(BaseModel):
    coefficient: float = Field(examples=[1.0])
    base_salary_vnd: int = Field(examples=[2_340_000])
    amount_vnd: int = Field(examples=[2_340_000])

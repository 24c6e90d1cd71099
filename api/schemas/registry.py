"""Award registry and registers (contract §12): past awards, discipline, initiatives.

The checks of their fields (text, decision numbers, dates) are in ``api.schemas.registry_fields``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from api.registry_text import identity_refusal
from api.schemas.common import IDENTITY_SHAPE, Problem, RequestModel
from api.schemas.reference import CheckOut
from api.schemas.registry_fields import (
    DecisionNumber,
    Text,
    clean_text,
    event_date,
    past_birth_date,
)
from core.i18n import _

ORG_CODE = Field(max_length=64, pattern=r"^[A-Za-z0-9_.-]{1,64}$", examples=["BN-TD-THLV"])
AWARD_PATTERN = r"^[A-Za-z0-9_]{1,32}$"
YEAR = Field(ge=1945, le=2100, examples=[2024])
DisciplineKind = Literal[
    "discipline", "disciplinary_review", "investigation", "prosecution", "complaint"
]
Scope = Literal["unit", "province", "national"]
Source = Literal["tdkt", "import"]


class PersonIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=300, examples=["Nguyễn Văn An"])
    birth_date: date | None = Field(default=None, examples=["1985-04-12"])
    identity_number: str | None = Field(
        default=None,
        max_length=12,
        description="CCCD / số định danh cá nhân, 12 chữ số",
        examples=["027085001234"],
        json_schema_extra=IDENTITY_SHAPE,
    )

    @field_validator("birth_date")
    @classmethod
    def _born(cls, value: date | None) -> date | None:
        return past_birth_date(value)

    @field_validator("identity_number")
    @classmethod
    def _identity(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            problem = identity_refusal(value, info.data.get("birth_date"))
            if problem is not None:
                raise ValueError(problem)
        return value


class PersonOut(BaseModel):
    name: str
    birth_date: date | None = None
    identity_number: str | None = None


class RegistryRecordIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "person": {"name": "Nguyễn Văn An", "birth_date": "1985-04-12"},
                    "org_code": "BN-TD-THLV",
                    "award_code": "CSTD_CS",
                    "year": 2024,
                    "decision_number": "15/QĐ-UBND",
                    "decision_date": "2025-01-10",
                }
            ]
        },
    )
    person: PersonIn
    org_code: str = ORG_CODE
    award_code: str = Field(max_length=32, pattern=AWARD_PATTERN, examples=["CSTD_CS"])
    year: int = YEAR
    decision_number: DecisionNumber = Field(min_length=1, max_length=64, examples=["15/QĐ-UBND"])
    decision_date: date


class RegistryItem(BaseModel):
    id: int
    person: PersonOut
    org_code: str
    award_code: str
    year: int
    decision_number: str
    decision_date: date
    source: Source


class RegistryPage(BaseModel):
    items: list[RegistryItem]
    total: int


class ImportOut(BaseModel):
    imported: int = Field(examples=[5000])


class RowError(BaseModel):
    row: int | None = Field(
        default=None,
        examples=[7],
        description="Row number in the sheet (the header is row 1); absent for the whole file",
    )
    field: str = Field(examples=["số định danh"])
    message: str = Field(examples=["Số định danh cá nhân phải gồm đúng 12 chữ số"])


class ImportErrors(Problem):
    """422 of the import: problem+json whose ``errors`` name the row and column at fault."""

    errors: list[RowError] | None = None  # type: ignore[assignment]


class DisciplineIn(RequestModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False)
    person: PersonIn
    org_code: str = ORG_CODE
    starts_on: date = Field(alias="from", examples=["2025-03-01"])
    ends_on: date | None = Field(default=None, alias="to", examples=["2026-02-28"])
    kind: DisciplineKind
    note: str = Field(default="", max_length=2000)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        return clean_text(value, multiline=True) if value.strip() else ""

    @field_validator("starts_on")
    @classmethod
    def _starts(cls, value: date, info: ValidationInfo) -> date:
        return event_date(value, info.data.get("person"))

    @field_validator("ends_on")
    @classmethod
    def _period(cls, value: date | None, info: ValidationInfo) -> date | None:
        starts = info.data.get("starts_on")
        if value is not None and starts is not None and value < starts:
            raise ValueError(_("sheet.period_reversed"))
        return value


class DisciplineOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    id: int
    person: PersonOut
    org_code: str
    starts_on: date = Field(serialization_alias="from")
    ends_on: date | None = Field(serialization_alias="to")
    kind: DisciplineKind
    note: str
    recorded_by: str
    recorded_at: datetime


class DisciplinePage(BaseModel):
    items: list[DisciplineOut]
    total: int


class InitiativeIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    person: PersonIn
    org_code: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.-]{1,64}$",
        description="The person's org (default: the caller's org)",
    )
    title: Text = Field(min_length=1, max_length=500, examples=["Số hóa hồ sơ học sinh"])
    scope: Scope
    recognised_on: date

    @field_validator("recognised_on")
    @classmethod
    def _recognised(cls, value: date, info: ValidationInfo) -> date:
        return event_date(value, info.data.get("person"))


class InitiativeUse(BaseModel):
    award_code: str
    year: int
    dossier_id: str | None


class InitiativeOut(BaseModel):
    id: int
    person: PersonOut
    org_code: str
    title: str
    scope: Scope
    recognised_on: date
    used_for: InitiativeUse | None
    recorded_by: str
    recorded_at: datetime


class InitiativePage(BaseModel):
    items: list[InitiativeOut]
    total: int


class RegistryAwardOut(BaseModel):
    award_code: str
    year: int
    decision_number: str


class NomineeEligibility(BaseModel):
    """Eligibility of one nominee from the registers plus declared history (contract §12)."""

    eligible: bool
    checks: list[CheckOut]
    registry_awards: list[RegistryAwardOut] = Field(
        default_factory=list, description="Awards of the registry matched to this nominee"
    )

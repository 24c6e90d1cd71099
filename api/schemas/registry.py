"""Award registry and registers (contract §12): past awards, discipline, initiatives.

Validators raise ``ValueError``s worded with :mod:`core.i18n` as they validate: the request's
language is set by then, and :func:`api.validation_text.error_text` shows such a text as is.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from api.registry_text import identity_refusal
from api.schemas.common import Problem, RequestModel
from api.schemas.reference import CheckOut
from api.schemas.text import is_blank
from api.schemas.text import text_problem as shared_text_problem
from core.i18n import _
from domain.calendar import VN_TZ
from domain.decision_number import DecisionNumberError, registry_number, split_number

ORG_CODE = Field(max_length=64, pattern=r"^[A-Za-z0-9_.-]{1,64}$", examples=["BN-TD-THLV"])
AWARD_PATTERN = r"^[A-Za-z0-9_]{1,32}$"
YEAR = Field(ge=1945, le=2100, examples=[2024])
DisciplineKind = Literal[
    "discipline", "disciplinary_review", "investigation", "prosecution", "complaint"
]
Scope = Literal["unit", "province", "national"]
Source = Literal["tdkt", "import"]


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable registry text (reader's language), or None: the API's
    one text rule (:func:`api.schemas.text.text_problem`: control characters, NUL, bidi
    controls, invisible-only content), and a name, number or title holds a letter or digit.

    The registry's JSON bodies, its web forms and its workbook import all judge text here."""
    problem = shared_text_problem(value, multiline=multiline)
    if not any(c.isalnum() for c in value) and (problem is None or is_blank(value)):
        return _("sheet.text_invisible")  # the shared rule's "blank", and a little more
    return None if problem is None else problem[:1].upper() + problem[1:]


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` NFC and trimmed, or a worded ``ValueError`` (:func:`text_problem`)."""
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise ValueError(problem)
    return value.strip()


def decision_number_problem(value: str) -> str | None:
    """Why ``value`` is not a decision number ``<số thứ tự>/<ký hiệu>`` (the decide path's own
    shape check, :func:`domain.decision_number.split_number`), or None."""
    try:
        split_number(value)
    except DecisionNumberError as exc:
        return _(f"decision.{exc.field}.{exc.code}", **exc.values)
    return None


def clean_decision_number(value: str) -> str:
    """A past decision's number as the registry keeps it (``02 / QĐ-UBND`` → ``2/QĐ-UBND``)."""
    problem = decision_number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return registry_number(value)


Text = Annotated[str, AfterValidator(clean_text)]
DecisionNumber = Annotated[Text, AfterValidator(clean_decision_number)]


def vietnam_today() -> date:
    """Today in Vietnam: what "in the future" means for a date an officer types."""
    return datetime.now(VN_TZ).date()


def birth_date_problem(value: date) -> str | None:
    """Why ``value`` cannot be a birth date (reader's language), or None."""
    if value > vietnam_today():
        return _("sheet.birth_date_future")
    if value.year < 1900:
        return _("sheet.birth_date_invalid")
    return None


def past_birth_date(value: date | None) -> date | None:
    """A validator's check of a person's birth date: not before 1900, not in the future."""
    if value is not None and (problem := birth_date_problem(value)) is not None:
        raise ValueError(problem)
    return value


def event_date(value: date, person: object) -> date:
    """A validator's check of a date something happened to ``person`` (a recognition, a
    discipline's start): not in the future, not before the person's birth."""
    today = vietnam_today()
    if value > today:
        raise ValueError(_("sheet.date_in_future", today=format(today, "%d/%m/%Y")))
    born = getattr(person, "birth_date", None)
    if isinstance(born, date) and value < born:
        raise ValueError(_("sheet.before_birth", born=format(born, "%d/%m/%Y")))
    return value


class PersonIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=300, examples=["Nguyễn Văn An"])
    birth_date: date | None = Field(default=None, examples=["1985-04-12"])
    identity_number: str | None = Field(
        default=None,
        max_length=12,
        description="CCCD / số định danh cá nhân, 12 chữ số",
        examples=["027085001234"],
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

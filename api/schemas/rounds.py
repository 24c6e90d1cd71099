"""Rounds (contract §9): open, read, list, close; stats, events and schedules."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas.common import RequestModel
from api.schemas.text import MultilineText, Text
from core.i18n import _

ROUND_CODE = r"^[A-Za-z0-9_.-]{1,64}$"
# One field of a five-field cron (minute hour day month weekday): numbers, names, ranges, steps
# and lists. Temporal takes more (seconds, a year, "@every 1s", "TZ="), which the contract's
# grammar does not: a round opens once a day at most, and the time zone is Vietnam's.
CRON_FIELD = re.compile(r"[0-9A-Za-z*?#,/-]+")

DEADLINES_HELP = (
    "Cut-off per level **that must send**: `unit` = units to their district/commune, "
    "`district`/`commune`/`department` = those levels up to the owner, only when an award of "
    "the round is decided above them. The owner's own level takes no cut-off (it receives). "
    "A value is a date `YYYY-MM-DD` (23:59:59 UTC+7 of that day) or an ISO-8601 duration "
    "from the opening (`P10D`, `PT5S`). A level without a key inherits the nearest configured "
    "level above it; a forwarder's cut-off must be later than the one of every level below it."
)


class RoundCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "BN-TK-2026",
                    "name": "Tổng kết công tác thi đua, khen thưởng năm 2026",
                    "year": 2026,
                    "owner_org": "BN",
                    "award_codes": ["LDTT", "CSTD_CS", "GIAY_KHEN", "BK_TINH"],
                    "submission_deadlines": {"unit": "2026-11-30", "district": "2026-12-10"},
                }
            ]
        },
    )
    code: Text = Field(pattern=ROUND_CODE)
    name: Text = Field(min_length=1, max_length=300)
    year: int = Field(ge=1945, le=2100)
    owner_org: Text = Field(max_length=64)
    award_codes: list[Text] = Field(min_length=1, max_length=40)
    submission_deadlines: dict[Text, Text] = Field(min_length=1, description=DEADLINES_HELP)
    escalate_every: Text | None = Field(
        default=None,
        max_length=32,
        description="Repeat escalations this often (`5wd`, `P1D`, `PT2S`); default: the policy's",
    )


class SubmitterOut(BaseModel):
    org_code: str
    submitted: bool
    late: bool = Field(description="Sent after the cut-off, or still nothing sent after it")
    dossier_ids: list[str]
    escalation_level: int
    level: str
    parent_code: str | None = None
    submitted_at: datetime | None = None
    deadline: datetime | None = None


class RoundOut(BaseModel):
    """Contract §9 plus `name`, `year`, `owner_org`, `award_codes`, `forwarders`, times."""

    code: str
    status: Literal["open", "closed"]
    deadlines: dict[str, datetime]
    submitters: list[SubmitterOut] = Field(description="The expected units")
    forwarders: list[SubmitterOut] = Field(
        default_factory=list, description="Intermediate levels (and the owner, if it has a cut-off)"
    )
    name: str = ""
    year: int | None = None
    owner_org: str = ""
    award_codes: list[str] = Field(default_factory=list)
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    live: bool = Field(default=False, description="Read from the running workflow")


class RoundSummary(BaseModel):
    code: str
    name: str
    year: int
    owner_org: str
    status: Literal["open", "closed"]
    deadlines: dict[str, datetime]
    opened_at: datetime
    closed_at: datetime | None
    award_codes: list[str] = Field(default_factory=list, description="The awards it reviews")


class RoundList(BaseModel):
    items: list[RoundSummary]


class RoundCloseIn(RequestModel):
    model_config = ConfigDict(extra="forbid")
    comment: MultilineText = Field(default="", max_length=2000)


class RoundEventOut(BaseModel):
    at: datetime
    kind: str = Field(examples=["escalated"])
    org_code: str | None
    dossier_id: str | None
    escalation_level: int
    detail: str


class RoundEventList(BaseModel):
    items: list[RoundEventOut]


class RoundStatsOut(BaseModel):
    code: str
    status: Literal["open", "closed"]
    expected_submitters: int
    submitted: int
    on_time: int
    late_submitters: int
    not_submitted: int
    on_time_ratio: float | None
    forwarders: int
    forwarded: int
    escalations: int
    dossiers: int
    late_dossiers: int
    late_taken: int
    late_refused: int
    by_status: dict[str, int]
    by_award: dict[str, int]


class RoundScheduleCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code_prefix": "BN-QUY",
                    "name": "Sơ kết quý",
                    "owner_org": "BN",
                    "award_codes": ["GIAY_KHEN"],
                    "submission_deadlines": {"unit": "P10D", "district": "P20D"},
                    "cron": "0 8 1 1,4,7,10 *",
                }
            ]
        },
    )
    code_prefix: Text = Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    name: Text = Field(min_length=1, max_length=250)
    owner_org: Text = Field(max_length=64)
    award_codes: list[Text] = Field(min_length=1, max_length=40)
    submission_deadlines: dict[Text, Text] = Field(
        min_length=1, description="ISO-8601 durations from each opening"
    )
    escalate_every: Text | None = Field(default=None, max_length=32)
    cron: Text = Field(
        max_length=100,
        description="Cron expression in Asia/Ho_Chi_Minh time: minute hour day month weekday",
    )

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        fields = value.split()
        if len(fields) != 5 or not all(CRON_FIELD.fullmatch(f) for f in fields):
            raise ValueError(_("msg.invalid_cron_exc", cron=value))
        return value


class ScheduleOut(BaseModel):
    schedule_id: str
    cron: str
    time_zone: str = "Asia/Ho_Chi_Minh"

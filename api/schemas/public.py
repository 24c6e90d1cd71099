"""Public posting and objections (no sign-in)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import RequestModel
from api.schemas.text import MultilineText, Text


class PostingOut(BaseModel):
    dossier_id: str = Field(examples=["HS-2026-7F3A9C21"])
    nominee_id: str
    name: str = Field(examples=["Nguyễn Văn An"])
    kind: str = Field(examples=["individual"])
    org_code: str
    org_name: str = Field(examples=["Trường THCS Lạc Vệ"])
    award_code: str = Field(examples=["CSTD_TINH"])
    award_name: str = Field(examples=["Chiến sĩ thi đua cấp tỉnh"])
    posting_ends_at: datetime | None


class PostingList(BaseModel):
    items: list[PostingOut]


class ObjectionIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "content": "Cá nhân này chưa hoàn thành nhiệm vụ năm 2025",
                    "contact": "0912 345 678",
                }
            ]
        },
    )
    content: MultilineText = Field(min_length=10, max_length=5000)
    contact: Text | None = Field(default=None, max_length=300)
    nominee_id: Text | None = Field(
        default=None, max_length=48, description="the nominee objected to, when one"
    )


class ObjectionOut(BaseModel):
    id: int
    dossier_id: str
    received_at: datetime
    reference: str = Field(
        examples=["PA-7K3M9Q2XDF"],
        description="look it up at /api/v1/public/objections/{reference}",
    )
    status: Literal["open", "dismissed", "upheld"] = "open"


class ObjectionStatusOut(BaseModel):
    """What a citizen sees of an objection, by its reference (contract §15)."""

    reference: str = Field(examples=["PA-7K3M9Q2XDF"])
    status: Literal["open", "dismissed", "upheld"]
    resolution: str | None = Field(default=None, description="the council's reasons, once resolved")


class ObjectionItem(BaseModel):
    """An objection as the orgs on the dossier's route see it."""

    id: int
    reference: str
    content: str
    received_at: datetime
    status: Literal["open", "dismissed", "upheld"]
    resolution: str | None = None
    nominee_id: str | None = None
    org_code: str | None = Field(default=None, description="the posting org that received it")
    resolved_by: str | None = None
    resolved_at: datetime | None = None


class ObjectionList(BaseModel):
    items: list[ObjectionItem]


class ResolutionIn(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"outcome": "dismissed", "comment": "Đã xác minh, phản ánh không đúng"}]
        },
    )
    outcome: Literal["dismissed", "upheld"]
    comment: MultilineText = Field(min_length=1, max_length=5000)

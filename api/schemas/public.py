"""Public posting and objections (no sign-in)."""

from __future__ import annotations

from datetime import datetime

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


class ObjectionOut(BaseModel):
    id: int
    dossier_id: str
    received_at: datetime

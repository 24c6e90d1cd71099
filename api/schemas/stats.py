"""`GET /api/v1/stats`."""

from __future__ import annotations

from pydantic import BaseModel, Field


class OnTimeOut(BaseModel):
    closed: int = Field(description="Review stages closed at this level", examples=[12])
    on_time: int = Field(description="Of which closed by their due time", examples=[10])
    ratio: float | None = Field(examples=[0.833])


class DirectWorkersOut(BaseModel):
    decided_individuals: int = Field(examples=[40])
    direct_workers: int = Field(examples=[14])
    share: float | None = Field(examples=[0.35])


class StatsOut(BaseModel):
    year: int | None
    org_code: str | None
    by_award: dict[str, int] = Field(examples=[{"LDTT": 12, "CSTD_TINH": 3}])
    by_status: dict[str, int] = Field(examples=[{"in_review": 5, "decided": 10}])
    by_level: dict[str, int] = Field(
        description="Dossiers by the award's deciding level (the route's last level)",
        examples=[{"district": 9, "province": 6}],
    )
    by_current_level: dict[str, int] = Field(
        description=(
            "Dossiers in review or returned, by the level where they are now (the level of "
            "their open stage; a returned dossier is with its proposing unit)"
        ),
        examples=[{"unit": 2, "district": 7, "province": 3}],
    )
    on_time: dict[str, OnTimeOut] = Field(description="On-time ratio per level of review")
    direct_workers: DirectWorkersOut = Field(
        description="Share of direct workers among decided individual nominees"
    )

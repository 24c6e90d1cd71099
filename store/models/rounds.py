"""Tables of the submission rounds: a projection of each RoundWorkflow and its record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, _now


class Round(Base):
    """A submission round (đợt xét khen thưởng): projection of its RoundWorkflow."""

    __tablename__ = "rounds"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    owner_org: Mapped[str] = mapped_column(ForeignKey("orgs.code"), index=True)
    award_codes: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    deadline_specs: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    deadlines: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    status: Mapped[str] = mapped_column(String(16), index=True, server_default="open")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    workflow_id: Mapped[str] = mapped_column(String(80), unique=True)
    created_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(BigInteger, server_default="0")
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()


class RoundSubmitter(Base):
    """An expected unit (submitter) or intermediate level (forwarder) of a round."""

    __tablename__ = "round_submitters"
    round_code: Mapped[str] = mapped_column(ForeignKey("rounds.code"), primary_key=True)
    org_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    late: Mapped[bool] = mapped_column(Boolean, server_default="false")
    dossier_ids: Mapped[list[str]] = mapped_column(ARRAY(String(40)), server_default="{}")
    escalation_level: Mapped[int] = mapped_column(Integer, server_default="0")
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index("ix_round_submitters_org_code", RoundSubmitter.org_code)


class RoundEventRow(Base):
    """Append-only record of a round: opened, submitted (late), escalated, closed, ..."""

    __tablename__ = "round_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(200), unique=True)
    round_code: Mapped[str] = mapped_column(ForeignKey("rounds.code"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(32))
    org_code: Mapped[str | None] = mapped_column(String(64))
    dossier_id: Mapped[str | None] = mapped_column(String(40))
    escalation_level: Mapped[int] = mapped_column(Integer, server_default="0")
    detail: Mapped[str] = mapped_column(Text, server_default="")
    recorded_at: Mapped[datetime] = _now()

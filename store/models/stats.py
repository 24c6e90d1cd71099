"""Read models kept by triggers on `dossiers` and `stages`: statistics and list keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base


class StatsDossierCount(Base):
    """Dossiers per scope (proposer org, each ancestor, `*`), year, award, status, deciding level.

    Kept by statement triggers on `dossiers` in the writer's transaction (migration 0007).
    """

    __tablename__ = "stats_dossier_counts"
    scope_org: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, server_default="0")


class StatsStageCount(Base):
    """Closed review stages and the on-time ones per scope, year and level (triggers on stages)."""

    __tablename__ = "stats_stage_counts"
    scope_org: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    closed: Mapped[int] = mapped_column(BigInteger, server_default="0")
    on_time: Mapped[int] = mapped_column(BigInteger, server_default="0")


class StatsNomineeCount(Base):
    """Approved individual nominees of decided dossiers, and the direct workers among them."""

    __tablename__ = "stats_nominee_counts"
    scope_org: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    decided_individuals: Mapped[int] = mapped_column(BigInteger, server_default="0")
    direct_workers: Mapped[int] = mapped_column(BigInteger, server_default="0")


class StatsOpenCount(Base):
    """Dossiers in review or returned per scope, year and the level of their open stage (where
    they are now, not the award's deciding level); triggers on `dossiers` (migration 0018)."""

    __tablename__ = "stats_open_counts"
    scope_org: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, server_default="0")


class DossierScope(Base):
    """One row per (org of a dossier's `scope_orgs`, dossier): the list keys and filter columns
    of the dossier, kept by triggers (migration 0013); `open_due_at` is `due_at` while open."""

    __tablename__ = "dossier_scopes"
    org_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    award_code: Mapped[str] = mapped_column(String(32))
    stage_level: Mapped[str | None] = mapped_column(String(16))
    stage_org: Mapped[str | None] = mapped_column(String(64))
    proposer_org: Mapped[str] = mapped_column(String(64))
    open_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

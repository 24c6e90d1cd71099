"""The registers eligibility checks read: awards granted, discipline periods, initiatives."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, _now


class AwardRecord(Base):
    """The award registry: every award granted, the history eligibility checks read.

    Rows come from the dossier workflow (``source="tdkt"``, with ``dossier_id``/``nominee_id``)
    or from the registry API and its .xlsx import (``source="import"``, past awards, without a
    dossier). ``person_key`` (normalised name) is filled by a trigger when a writer omits it.
    """

    __tablename__ = "award_registry"
    __table_args__ = (UniqueConstraint("nominee_id", "award_code"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    dossier_id: Mapped[str | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    nominee_id: Mapped[str | None] = mapped_column(String(48))
    award_code: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300), index=True)
    org_code: Mapped[str] = mapped_column(String(64), index=True)
    decision_number: Mapped[str] = mapped_column(String(64))
    decision_date: Mapped[date] = mapped_column(Date)
    authority_org: Mapped[str | None] = mapped_column(String(64))
    achievement_year: Mapped[int | None] = mapped_column(Integer)
    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = _now()
    # migration 0009: the registry API and import
    birth_date: Mapped[date | None] = mapped_column(Date)
    identity_number: Mapped[str | None] = mapped_column(String(12), index=True)
    source: Mapped[str] = mapped_column(String(8), server_default="tdkt")
    person_key: Mapped[str] = mapped_column(String(300), server_default="")
    recorded_by: Mapped[str | None] = mapped_column(String(64))


class DisciplineRecord(Base):
    """Discipline / investigation register: a period that freezes nominations (ND152 Art.4.4)."""

    __tablename__ = "discipline_records"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    person_key: Mapped[str] = mapped_column(String(300), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    identity_number: Mapped[str | None] = mapped_column(String(12), index=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("orgs.code"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, server_default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = _now()


class InitiativeRecord(Base):
    """Initiative register: each recognised initiative backs one title only (CV 5007/BNV)."""

    __tablename__ = "initiatives"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    person_key: Mapped[str] = mapped_column(String(300), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    identity_number: Mapped[str | None] = mapped_column(String(12), index=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("orgs.code"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(16))
    recognised_on: Mapped[date] = mapped_column(Date)
    used_award_code: Mapped[str | None] = mapped_column(String(32))
    used_year: Mapped[int | None] = mapped_column(Integer)
    used_dossier_id: Mapped[str | None] = mapped_column(String(40), index=True)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = _now()

"""Tables of the dossier projection: dossiers, nominees, review stages and audit trail.

They are a projection of the DossierWorkflow state written by activities, together with what a
transition commits alongside (commit results, decision counters and snapshots, objections). The
audit table (`dossier_events`) is append-only (a trigger refuses UPDATE and DELETE).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, _now


class Dossier(Base):
    __tablename__ = "dossiers"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workflow_id: Mapped[str] = mapped_column(String(80), unique=True)
    award_code: Mapped[str] = mapped_column(String(32), index=True)
    proposer_org: Mapped[str] = mapped_column(ForeignKey("orgs.code"), index=True)
    route_profile: Mapped[str] = mapped_column(String(16))
    route: Mapped[list[str]] = mapped_column(JSONB)
    route_orgs: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    # proposer org, its ancestors and the route orgs; filled by a trigger (migration 0003)
    scope_orgs: Mapped[list[str]] = mapped_column(ARRAY(String(64)), server_default="{}")
    status: Mapped[str] = mapped_column(String(16), index=True)
    round: Mapped[int] = mapped_column(Integer, server_default="1")
    round_code: Mapped[str | None] = mapped_column(String(64), index=True)
    late: Mapped[bool] = mapped_column(Boolean, server_default="false")
    award_type: Mapped[str] = mapped_column(String(16), server_default="regular")
    simplified: Mapped[bool] = mapped_column(Boolean, server_default="false")
    summary: Mapped[str] = mapped_column(Text, server_default="")
    year: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    stage_level: Mapped[str | None] = mapped_column(String(16), index=True)
    stage_org: Mapped[str | None] = mapped_column(String(64), index=True)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    overdue: Mapped[bool] = mapped_column(Boolean, server_default="false")
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    # tdkt_fold(search_text) (lower, no diacritics); filled by a trigger (migration 0007)
    search_fold: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    version: Mapped[int] = mapped_column(BigInteger, server_default="0")
    open_objections: Mapped[int] = mapped_column(Integer, server_default="0")


Index("ix_dossiers_route_orgs", Dossier.route_orgs, postgresql_using="gin")

Index("ix_dossiers_created_at_id", Dossier.created_at.desc(), Dossier.id)

Index("ix_dossiers_scope_orgs", Dossier.scope_orgs, postgresql_using="gin")


class Nominee(Base):
    __tablename__ = "nominees"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    gender: Mapped[str | None] = mapped_column(String(16))
    is_direct_worker: Mapped[bool] = mapped_column(Boolean, server_default="false")
    ethnic_minority: Mapped[bool] = mapped_column(Boolean, server_default="false")
    outcome: Mapped[str] = mapped_column(String(16), server_default="pending")
    bonus_vnd: Mapped[int | None] = mapped_column(BigInteger)
    birth_date: Mapped[date | None] = mapped_column(Date)
    identity_number: Mapped[str | None] = mapped_column(String(12))
    eligibility: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # the initiative register's ids the nominee cites (migration 0023)
    initiative_ids: Mapped[list[int]] = mapped_column(JSONB, server_default="[]")


class Stage(Base):
    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("dossier_id", "seq"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    org_code: Mapped[str] = mapped_column(String(64), index=True)
    phase: Mapped[str] = mapped_column(String(16))
    arrived_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))
    overdue: Mapped[bool] = mapped_column(Boolean, server_default="false")
    escalation_level: Mapped[int] = mapped_column(Integer, server_default="0")


class DossierEvent(Base):
    """Append-only audit trail: who did what, when, at which level, and why."""

    __tablename__ = "dossier_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(200), unique=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(16))
    org_code: Mapped[str | None] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, server_default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    recorded_at: Mapped[datetime] = _now()


class DecisionCounter(Base):
    """The last decision number of an issuing org in a calendar year (gapless sequence)."""

    __tablename__ = "decision_counters"
    org_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class DossierCommit(Base):
    """One row per committed dossier transition: (workflow id, version) → its computed times.

    Written in the transition's own transaction, so a retried ``commit_transition`` returns
    what was committed instead of computing again."""

    __tablename__ = "dossier_commits"
    workflow_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    fingerprint: Mapped[str] = mapped_column(String(300), server_default="")
    state: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # the settled state committed
    committed_at: Mapped[datetime] = _now()


class DecisionSnapshot(Base):
    """What the papers of a decided dossier print about its orgs, as they stood when the
    decision was committed (migration 0023): an issued paper does not change when an org is
    edited later. Written in the deciding transition's own transaction."""

    __tablename__ = "decision_snapshots"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    orgs: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # store.repositories.papers.OrgInfo
    chairs: Mapped[dict[str, str]] = mapped_column(JSONB)  # org code → its chair's full name
    taken_at: Mapped[datetime] = _now()


class Objection(Base):
    """A citizen's objection (contract §15): written by the dossier's transition that received
    it, resolved by a later one; ``reference`` is what the citizen looks it up by."""

    __tablename__ = "objections"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    org_code: Mapped[str | None] = mapped_column(String(64))
    nominee_id: Mapped[str | None] = mapped_column(String(48))
    content: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(300))
    client_addr: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), server_default="open")
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()

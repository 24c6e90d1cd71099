"""SQLAlchemy 2 tables of the PostgreSQL projection and of the API's own state.

The dossier tables are a projection of the DossierWorkflow state written by activities; the
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
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _now() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class Org(Base):
    __tablename__ = "orgs"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16), index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("orgs.code"), index=True)
    created_at: Mapped[datetime] = _now()
    kind: Mapped[str | None] = mapped_column(String(16))  # units only (migration 0006)
    doc_symbol: Mapped[str | None] = mapped_column(String(32))  # decision-number symbol
    locality: Mapped[str | None] = mapped_column(String(100))  # place name (migration 0021)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    full_name: Mapped[str] = mapped_column(String(200))
    org_code: Mapped[str] = mapped_column(ForeignKey("orgs.code"), index=True)
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[datetime] = _now()
    # Bumped when the account is disabled or its password changes: older tokens stop working.
    token_version: Mapped[int] = mapped_column(Integer, server_default="0")


# One account per username and one org per code, whatever their case (migration 0020).
Index("uq_users_username_lower", func.lower(User.username), unique=True)
Index("uq_orgs_code_lower", func.lower(Org.code), unique=True)


class CalendarOverride(Base):
    __tablename__ = "calendar_overrides"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, server_default="")
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = _now()


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


class OutboxMessage(Base):
    """One notification per recipient and event; the sender marks it sent exactly once."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("event_key", "recipient"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(200))
    dossier_id: Mapped[str | None] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    # pending → sent | dead (after MAX_ATTEMPTS; an admin may put it back to pending)
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    next_attempt_at: Mapped[datetime] = _now()
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # when the recipient marked it read on the web (migration 0017); None = unread
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# a recipient's notifications newest first, and the unread ones (the navigation's badge)
Index("ix_outbox_recipient_id", OutboxMessage.recipient, OutboxMessage.id.desc())
Index(
    "ix_outbox_recipient_unread",
    OutboxMessage.recipient,
    OutboxMessage.id.desc(),
    postgresql_where=OutboxMessage.read_at.is_(None),
)


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


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _now()


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


# --- hardening (migration 0005): sessions, login throttle, shared rate limits, audit ---------


class RevokedToken(Base):
    """A token revoked before its expiry (logout); rows past `expires_at` may be purged."""

    __tablename__ = "revoked_tokens"
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    revoked_at: Mapped[datetime] = _now()


class LoginThrottle(Base):
    """Failed sign-ins of one key (``user:<name>`` or ``ip:<address>``), shared by replicas."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    last_failure_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked: Mapped[bool] = mapped_column(Boolean, server_default="false")


class RateHit(Base):
    """One counted request of a shared sliding-window rate limit."""

    __tablename__ = "rate_hits"
    __table_args__ = (Index("ix_rate_hits_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class AuditEntry(Base):
    """Who did what, when, from where. Append-only: a trigger refuses UPDATE, DELETE, TRUNCATE."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(300), server_default="")
    ip: Mapped[str] = mapped_column(String(64), server_default="")


# --- Documents (issue 14): attachments, their audit, signing certificates, signed papers ---


class Attachment(Base):
    """A paper attached to a dossier; the bytes live in the blob store under `blob_key`."""

    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[str] = mapped_column(String(300))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AttachmentEvent(Base):
    """Append-only audit of attachments: every upload, replacement and deletion."""

    __tablename__ = "attachment_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    attachment_id: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = _now()
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")


class SigningCertificate(Base):
    """An org's PKCS#12 (key + certificate chain) and its password, both Fernet-encrypted."""

    __tablename__ = "signing_certificates"
    org_code: Mapped[str] = mapped_column(ForeignKey("orgs.code"), primary_key=True)
    pkcs12_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    password_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(Text)
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = _now()


class SignedDocument(Base):
    """A generated paper signed by its issuing org (PAdES); the PDF is in the blob store."""

    __tablename__ = "signed_documents"
    __table_args__ = (UniqueConstraint("dossier_id", "document"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    document: Mapped[str] = mapped_column(String(32))
    org_code: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    signed_by: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = _now()


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

"""SQLAlchemy 2 tables of the PostgreSQL projection and of the API's own state.

The tables live in the modules of this package, one per area; importing the package imports
them all, so ``Base.metadata`` holds every table (alembic's env reads it), and ``from
store.models import X`` is the way to name a table.
"""

from store.models.base import NAMING_CONVENTION, Base
from store.models.documents import Attachment, AttachmentEvent, SignedDocument, SigningCertificate
from store.models.dossiers import (
    DecisionCounter,
    DecisionSnapshot,
    Dossier,
    DossierCommit,
    DossierEvent,
    Nominee,
    Objection,
    Stage,
)
from store.models.hardening import (
    AuditEntry,
    IdempotencyRecord,
    LoginThrottle,
    RateHit,
    RevokedToken,
)
from store.models.orgs import CalendarOverride, Org, User
from store.models.outbox import OutboxMessage
from store.models.registers import AwardRecord, DisciplineRecord, InitiativeRecord
from store.models.rounds import Round, RoundEventRow, RoundSubmitter
from store.models.stats import (
    DossierScope,
    StatsDossierCount,
    StatsNomineeCount,
    StatsOpenCount,
    StatsStageCount,
)

__all__ = [
    "NAMING_CONVENTION",
    "Attachment",
    "AttachmentEvent",
    "AuditEntry",
    "AwardRecord",
    "Base",
    "CalendarOverride",
    "DecisionCounter",
    "DecisionSnapshot",
    "DisciplineRecord",
    "Dossier",
    "DossierCommit",
    "DossierEvent",
    "DossierScope",
    "IdempotencyRecord",
    "InitiativeRecord",
    "LoginThrottle",
    "Nominee",
    "Objection",
    "Org",
    "OutboxMessage",
    "RateHit",
    "RevokedToken",
    "Round",
    "RoundEventRow",
    "RoundSubmitter",
    "SignedDocument",
    "SigningCertificate",
    "Stage",
    "StatsDossierCount",
    "StatsNomineeCount",
    "StatsOpenCount",
    "StatsStageCount",
    "User",
]

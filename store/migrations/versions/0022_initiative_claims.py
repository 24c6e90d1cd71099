"""initiatives: a claim is one live dossier's; nominees keep the initiatives they cite

An initiative backs one title (CV 5007/BNV-TĐKT). Its claim (`used_*`) is held by one dossier
while that dossier is live and a nominee of it still cites the initiative; the transition that
rejects, withdraws or expires the dossier, drops the nominee or replaces it lets the claim go
(activities.transition), looked up by `used_dossier_id` (indexed here).

* `nominees.initiative_ids` (JSONB, default `[]`): the ids a nominee cites, so the API can check
  a draft's citations when it is submitted and a returned dossier's when it is resubmitted
  unchanged. Rows written before are `[]` (their citations are not known to the read model).
* Claims held by dossiers that ended unawarded (rejected, withdrawn, expired) are let go: they
  were never released before.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "nominees",
        sa.Column(
            "initiative_ids",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
    )
    op.create_index("ix_initiatives_used_dossier_id", "initiatives", ["used_dossier_id"])
    op.execute(
        """
        UPDATE initiatives SET used_award_code = NULL, used_year = NULL, used_dossier_id = NULL
        WHERE used_dossier_id IN (
            SELECT id FROM dossiers WHERE status IN ('rejected', 'withdrawn', 'expired')
        )
        """
    )


def downgrade() -> None:
    op.drop_index("ix_initiatives_used_dossier_id", table_name="initiatives")
    op.drop_column("nominees", "initiative_ids")

"""documents: attachments, their append-only audit, org signing certificates, signed papers

Revision ID: 0008
Revises: 0010
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("dossier_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("blob_key", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_attachments_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index(op.f("ix_attachments_dossier_id"), "attachments", ["dossier_id"])
    op.create_table(
        "attachment_events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("dossier_id", sa.String(length=40), nullable=False),
        sa.Column("attachment_id", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.Column(
            "data", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_attachment_events_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_events")),
    )
    op.create_index(op.f("ix_attachment_events_dossier_id"), "attachment_events", ["dossier_id"])
    op.create_index(
        op.f("ix_attachment_events_attachment_id"), "attachment_events", ["attachment_id"]
    )
    op.execute(
        """
        CREATE FUNCTION attachment_events_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'attachment_events is append-only';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER attachment_events_no_change BEFORE UPDATE OR DELETE ON attachment_events "
        "FOR EACH ROW EXECUTE FUNCTION attachment_events_append_only()"
    )
    op.create_table(
        "signing_certificates",
        sa.Column("org_code", sa.String(length=64), nullable=False),
        sa.Column("pkcs12_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("password_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_code"], ["orgs.code"], name=op.f("fk_signing_certificates_org_code_orgs")
        ),
        sa.PrimaryKeyConstraint("org_code", name=op.f("pk_signing_certificates")),
    )
    op.create_table(
        "signed_documents",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("dossier_id", sa.String(length=40), nullable=False),
        sa.Column("document", sa.String(length=32), nullable=False),
        sa.Column("org_code", sa.String(length=64), nullable=False),
        sa.Column("blob_key", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("signed_by", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_signed_documents_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_documents")),
        sa.UniqueConstraint("dossier_id", "document", name=op.f("uq_signed_documents_dossier_id")),
    )
    op.create_index(op.f("ix_signed_documents_dossier_id"), "signed_documents", ["dossier_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_signed_documents_dossier_id"), table_name="signed_documents")
    op.drop_table("signed_documents")
    op.drop_table("signing_certificates")
    op.execute("DROP TRIGGER IF EXISTS attachment_events_no_change ON attachment_events")
    op.execute("DROP FUNCTION IF EXISTS attachment_events_append_only()")
    op.drop_index(op.f("ix_attachment_events_attachment_id"), table_name="attachment_events")
    op.drop_index(op.f("ix_attachment_events_dossier_id"), table_name="attachment_events")
    op.drop_table("attachment_events")
    op.drop_index(op.f("ix_attachments_dossier_id"), table_name="attachments")
    op.drop_table("attachments")

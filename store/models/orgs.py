"""Tables of the organisation tree, its user accounts and the working-day calendar."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, _now


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

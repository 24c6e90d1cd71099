"""Organisations, users and the caller's identity (contract §3)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from api.schemas.common import RequestModel
from api.schemas.text import Secret, Text
from core.i18n import _
from domain.levels import Level, OrgKind

CODE_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
# The symbol after "QĐ-" in decision numbers: letters (Vietnamese too), digits, "-", ".".
DOC_SYMBOL_PATTERN = r"^[0-9A-Za-zÀ-ỹĐđ.-]{1,32}$"
# the kinds of paper whose abbreviation the numbers put before the symbol (N/QĐ-UBND)
_PAPER_PREFIXES = ("qđ-", "qd-", "ttr-", "bb-")


def _bare_symbol(value: str | None) -> str | None:
    """The org's own symbol, without the paper's abbreviation ("QĐ-UBND" made "1/QĐ-QĐ-UBND")."""
    if value is not None and value.casefold().startswith(_PAPER_PREFIXES):
        raise ValueError(_("msg.doc_symbol_without_paper_kind", symbol=value))
    return value


# An e-mail address as mail servers accept it (RFC 5321's dot-atom local part, a DNS host name
# with a letter-only top-level label); quoted local parts and raw IP hosts are not for accounts.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"(?=[^@]{{1,64}}@){_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")


def email_address(value: str) -> str:
    """``value`` when it is an e-mail address (its host in lower case); a worded ValueError
    otherwise. (email-validator is not a dependency: this is the subset accounts need.)"""
    if len(value) > 254 or EMAIL.fullmatch(value) is None:
        raise ValueError(_("msg.email_invalid"))
    local, host = value.rsplit("@", 1)
    return f"{local}@{host.lower()}"


def username_key(value: str) -> str:
    """Usernames are stored and compared in lower case: "LV.OFFICER" is lv.officer."""
    return value.lower()


Email = Annotated[Text, AfterValidator(email_address)]
Username = Annotated[Text, AfterValidator(username_key)]

# The org levels are the domain's (contract §3); one enum, shown as `Level` in OpenAPI.
OrgLevel = Level


class OrgCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "BN-TS",
                    "name": "UBND huyện Tiên Du",
                    "level": "district",
                    "parent_code": "BN",
                },
                {
                    "code": "BN-SGD-THPTLV",
                    "name": "Trường THPT Lạc Vệ",
                    "level": "unit",
                    "parent_code": "BN-SGD",
                    "kind": "legal_entity",
                },
            ]
        },
    )
    code: Text = Field(pattern=CODE_PATTERN)
    name: Text = Field(min_length=1, max_length=300)
    level: OrgLevel
    parent_code: Text | None = Field(default=None, max_length=64)
    kind: OrgKind | None = Field(
        default=None, description="units only: internal (default), legal_entity, enterprise"
    )
    doc_symbol: Annotated[Text | None, AfterValidator(_bare_symbol)] = Field(
        default=None,
        pattern=DOC_SYMBOL_PATTERN,
        description="symbol in document numbers (N/QĐ-<doc_symbol>, N/TTr-<doc_symbol>); "
        "default: UBND, TTg, CTN, BNV by level, else the abbreviation of the name",
    )
    locality: Text | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="place name of the papers' date line (ND30/2020); default: the committee's "
        "locality, Hà Nội for state bodies and ministries, else the parent's",
    )


# What an org edit may not change: its identity (code) and its place in the tree.
FIXED_ORG_FIELDS = ("code", "level", "parent_code")


class OrgUpdate(RequestModel):
    """Change an org (admin): any of its name, kind (units), symbol and place name, validated
    as at creation. ``null`` puts the symbol or the place name back to its default; the code,
    the level and the parent are fixed (a 422 naming the field)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"locality": "Từ Sơn"}, {"doc_symbol": "THPTLV", "kind": "legal_entity"}]
        },
    )
    name: Text | None = Field(default=None, min_length=1, max_length=300)
    kind: OrgKind | None = Field(
        default=None, description="units only: internal, legal_entity, enterprise"
    )
    doc_symbol: Annotated[Text | None, AfterValidator(_bare_symbol)] = Field(
        default=None,
        pattern=DOC_SYMBOL_PATTERN,
        description="symbol of the org's NEXT numbers; numbers already issued keep theirs; "
        "null: the default of its level and name",
    )
    locality: Text | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="place name of the papers' date line; null: derived from the tree",
    )
    code: Any = Field(default=None, description="not editable: refused (422)")
    level: Any = Field(default=None, description="not editable: refused (422)")
    parent_code: Any = Field(default=None, description="not editable: refused (422)")

    @field_validator(*FIXED_ORG_FIELDS, mode="before")
    @classmethod
    def _fixed(cls, value: Any) -> Any:
        raise ValueError(_("msg.org_field_not_editable"))


class OrgOut(BaseModel):
    code: str = Field(examples=["BN-TD"])
    name: str = Field(examples=["UBND huyện Tiên Du"])
    level: OrgLevel
    parent_code: str | None = Field(examples=["BN"])
    kind: OrgKind | None = Field(default=None, examples=["legal_entity"])
    doc_symbol: str = Field(default="", examples=["UBND"])
    locality: str = Field(default="", examples=["Tiên Du"])


class OrgList(BaseModel):
    items: list[OrgOut]


class Token(BaseModel):
    access_token: str
    token_type: str = Field(default="bearer", examples=["bearer"])


class UserRole(StrEnum):
    officer = "officer"
    chair = "chair"
    viewer = "viewer"
    admin = "admin"


class UserCreate(RequestModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "td.chutich",
                    "password": "Matkhau#2026",
                    "full_name": "Trần Văn Bình",
                    "org_code": "BN-TD",
                    "roles": ["chair"],
                }
            ]
        },
    )
    username: Username = Field(
        pattern=r"^[A-Za-z0-9_.@-]{2,64}$",
        description="stored in lower case; one account whatever the case typed at login",
    )
    password: Secret = Field(min_length=8, max_length=200)
    full_name: Text = Field(min_length=1, max_length=200)
    org_code: Text = Field(max_length=64)
    roles: list[UserRole] = Field(min_length=1)
    email: Email | None = Field(default=None, max_length=254)


class UserOut(BaseModel):
    username: str = Field(examples=["td.chutich"])
    full_name: str = Field(examples=["Trần Văn Bình"])
    org_code: str = Field(examples=["BN-TD"])
    roles: list[UserRole]
    email: str | None = None
    active: bool = True


class Me(UserOut):
    org: OrgOut

"""Administrative levels, award subjects and deciding levels."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """A level of the org tree a dossier can pass through."""

    unit = "unit"
    commune = "commune"
    district = "district"
    department = "department"  # Sở/ban/ngành of a province, or a department of a ministry
    province = "province"
    ministry = "ministry"
    central = "central"
    government = "government"
    president = "president"


class OrgKind(StrEnum):
    """What a ``unit`` org is (contract §11); other levels have no kind."""

    internal = "internal"  # no legal personality (a faculty, a team): never decides
    legal_entity = "legal_entity"  # cơ quan, đơn vị có tư cách pháp nhân (Law Art.80.1)
    enterprise = "enterprise"  # doanh nghiệp, hợp tác xã (Law Art.80.4)


class Subject(StrEnum):
    """Who receives an award (Law 06/2022 Art.8-9: individuals, collectives, households)."""

    individual = "individual"
    collective = "collective"
    household = "household"


class DecidingLevel(StrEnum):
    """The authority that decides an award (contract §4)."""

    LOCAL = "district/commune"
    PROVINCE = "province"
    MINISTRY = "ministry"
    GOVERNMENT = "government"
    PRESIDENT = "president"


# Rank of each level in a chain; district and commune share a rank (one replaced the other on
# 1 July 2025) with the departments (Sở) of a province or a ministry, and so do province and
# ministry (the "bộ/tỉnh" level).
_RANK: dict[Level, int] = {
    Level.unit: 0,
    Level.commune: 1,
    Level.district: 1,
    Level.department: 1,
    Level.province: 2,
    Level.ministry: 2,
    Level.central: 3,
    Level.government: 4,
    Level.president: 5,
}

_DECIDING_RANK: dict[DecidingLevel, int] = {
    DecidingLevel.LOCAL: 1,
    DecidingLevel.PROVINCE: 2,
    DecidingLevel.MINISTRY: 2,
    DecidingLevel.GOVERNMENT: 4,
    DecidingLevel.PRESIDENT: 5,
}


def rank(level: Level) -> int:
    """Position of ``level`` in a route (unit 0 ... president 5)."""
    return _RANK[level]


def deciding_rank(deciding: DecidingLevel) -> int:
    """Rank of the level that decides, comparable with :func:`rank`."""
    return _DECIDING_RANK[deciding]

"""Who takes part in a round (:class:`Role`), which cut-off applies to each level, and when
what a level sends is late (contract §9).

Units submit. An org between the units and the owner **forwards** (and so may take a cut-off
of its own) only when some award of the round is decided above it: it must send those
dossiers on. The owner receives the round's dossiers (it decides them, or sends them on
outside the round): it is never a forwarder of its own round, so nobody is escalated above it.
A forwarder's own cut-off may not be earlier than a cut-off set for a level below it, or it
could not forward in time.

``decided_rank`` is the highest rank deciding an award of the round
(:func:`domain.levels.deciding_rank`). ``None`` marks a round opened before 2026-12: its
recorded workflow keeps the rule it ran with (every level between forwards, the owner too
when its own level has a cut-off).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum

from domain.levels import Level, rank
from domain.routes import OrgNode


class Role(StrEnum):
    submitter = "submitter"  # a unit: submits dossiers
    forwarder = "forwarder"  # an org between the units and the owner: forwards them up


def forwards(level: Level, owner_level: Level, decided_rank: int) -> bool:
    """True when an org at ``level`` below the owner must send round dossiers up: it is not a
    unit, lies below the owner and below the highest level deciding an award of the round."""
    return (
        level is not Level.unit and rank(level) < rank(owner_level) and rank(level) < decided_rank
    )


def levels_below(owner: OrgNode, subtree: Iterable[OrgNode]) -> list[Level]:
    """The levels present strictly below the owner, units first: those a cut-off may name."""
    found = {node.level for node in subtree if node.code != owner.code}
    below = [lvl for lvl in Level if lvl in found and rank(lvl) < rank(owner.level)]
    return sorted(below, key=rank)  # stable: levels of one rank in the enum's order


def taking_part(owner: OrgNode, subtree: Iterable[OrgNode], decided_rank: int) -> list[Level]:
    """The levels with a cut-off in a round: the units' and the forwarders' (never the
    owner's), units first."""
    return [
        lvl
        for lvl in levels_below(owner, subtree)
        if lvl is Level.unit or forwards(lvl, owner.level, decided_rank)
    ]


def deadline_key(level: Level, deadlines: Mapping[str, datetime]) -> str | None:
    """The configured level whose cut-off applies to ``level``: its own, else the nearest above."""
    above = [Level(k) for k in deadlines if rank(Level(k)) >= rank(level)]
    if not above:
        return None
    own = [lvl for lvl in above if lvl is level]
    return (own or sorted(above, key=rank))[0].value


def deadline_for(level: Level, deadlines: Mapping[str, datetime]) -> datetime | None:
    key = deadline_key(level, deadlines)
    return None if key is None else deadlines[key]


def is_late(level: Level, deadlines: Mapping[str, datetime], at: datetime) -> bool:
    """True when something sent at ``at`` from ``level`` misses its cut-off."""
    due = deadline_for(level, deadlines)
    return due is not None and at > due


def misordered(
    deadlines: Mapping[str, datetime], forwarders: Iterable[Level]
) -> tuple[Level, Level] | None:
    """The first (forwarder, level below it) whose own cut-offs are out of order: the
    forwarder's earlier than the lower level's (it could never forward in time); None when all
    are in order. Only cut-offs given are compared: a level sharing the one above it is on
    time when that level is."""
    for upper in sorted(forwarders, key=rank):
        due = deadlines.get(upper.value)
        if due is None:
            continue
        for key, below in deadlines.items():
            lower = Level(key)
            if rank(lower) < rank(upper) and due < below:
                return upper, lower
    return None

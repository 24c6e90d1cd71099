"""Who takes part in a round, and which cut-off applies to each level (contract §9).

Units submit. An org between the units and the owner **forwards** (and so may take a cut-off
of its own) only when some award of the round is decided above it: it must send those
dossiers on. The owner receives the round's dossiers (it decides them, or sends them on
outside the round): it is never a forwarder of its own round, so nobody is escalated above it.
A forwarder's cut-off must be later than the cut-off of every level below it, or it could not
forward in time.

``decided_rank`` is the highest rank deciding an award of the round
(:func:`domain.levels.deciding_rank`). ``None`` marks a round opened before 2026-12: its
recorded workflow keeps the rule it ran with (every level between forwards, the owner too
when its own level has a cut-off).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from domain.levels import Level, rank
from domain.routes import OrgNode


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


def misordered(
    deadlines: Mapping[str, datetime], levels: Iterable[Level]
) -> tuple[Level, Level] | None:
    """The first (level, level below it) of ``levels`` whose cut-off is not later than the
    lower one's (a forwarder that could never forward in time); None when all are in order.
    A level below without a key of its own shares the cut-off above it, which is not later."""
    ordered = sorted(levels, key=rank)
    for upper in ordered:
        due = deadline_for(upper, deadlines)
        if due is None:
            continue
        for lower in ordered:
            below = deadline_for(lower, deadlines)
            if rank(lower) < rank(upper) and below is not None and due <= below:
                return upper, lower
    return None

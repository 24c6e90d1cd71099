"""Who may propose an award: a rule of the catalogue (``AwardRule.proposers``), not of code.

Most awards may be proposed by any org the route leads from (the route alone says who decides).
A few belong to one part of the tree: the model commune (ND152 Art.8) is the commune's own
title, proposed by the commune (or, three-tier, its district); the cultured village and the
cultured family (Law Art.20.2, 80.2-3; ND129 Art.59) are the titles of a commune's residential
areas and households, proposed by the commune or by the thôn / tổ dân phố itself (a unit
without legal personality directly under the commune). A key names the proposer's kind (units)
or level, as ``deciders`` do (:func:`domain.route_plan.decider_key`); ``kind/parent`` names a
unit of that kind directly under an org of the parent key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.route_plan import decider_key
from domain.routes import OrgNode


class Proposable(Protocol):
    """What the check needs of an award (``domain.catalog.AwardRule`` fits)."""

    @property
    def proposers(self) -> tuple[str, ...]: ...


def proposer_keys(ancestry: Sequence[OrgNode]) -> tuple[str, ...]:
    """The keys the proposer (``ancestry[0]``, its parent next) is known by."""
    if not ancestry:
        return ()
    own = decider_key(ancestry[0])
    if len(ancestry) < 2:
        return (own,)
    return (own, f"{own}/{decider_key(ancestry[1])}")


def may_propose(award: Proposable, ancestry: Sequence[OrgNode]) -> bool:
    """True when the org heading ``ancestry`` may propose ``award``."""
    if not award.proposers:
        return True
    return any(key in award.proposers for key in proposer_keys(ancestry))

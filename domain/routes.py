"""Routes: the orgs a dossier passes, in order, and the one that decides (contract §5, §11).

The types a dossier's workflow carries (:class:`Route` and its stages, the org tree's
:class:`OrgNode`) and what is asked of a planned route; ``domain.route_plan`` plans one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.levels import Level
from domain.refusal import Values


class RouteError(ValueError):
    """No route can be planned from the given org ancestry (message in Vietnamese); ``code``
    and ``values`` say why (:mod:`domain.refusal`)."""

    def __init__(self, message: str, *, code: str, values: Values | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.values: Values = dict(values or {})


class RouteProfile(StrEnum):
    THREE_TIER = "three_tier"
    TWO_TIER = "two_tier"


@dataclass(frozen=True)
class OrgNode:
    code: str
    level: Level
    parent_code: str | None
    kind: str | None = None  # an OrgKind for units (None: internal); unused for other levels


@dataclass(frozen=True)
class RouteStage:
    level: Level
    org_code: str


@dataclass(frozen=True)
class Route:
    profile: RouteProfile
    levels: tuple[Level, ...]  # proposer's level first, then the levels of the stages above it
    stages: tuple[RouteStage, ...]  # every org that acts, in order; the last one decides

    @property
    def deciding_stage(self) -> RouteStage:
        """The last stage: the org that decides."""
        return self.stages[-1]

    @property
    def self_decided(self) -> bool:
        """True when the proposer decides the award itself (its own council and chair)."""
        return len(self.levels) == 1

    @property
    def proposer_acts(self) -> bool:
        """True when the first stage is the proposer's own (it decides, or its council votes
        before the dossier goes up): ``levels`` then lists exactly the stages' levels."""
        return len(self.levels) == len(self.stages)


def aligned_orgs(levels: Sequence[str], stage_orgs: Sequence[str], proposer: str) -> list[str]:
    """The org of each route level, index by index (``route_orgs[i]`` acts at ``route[i]``):
    the proposer first, unless it is already the first stage (``Route.proposer_acts``).
    ``stage_orgs`` are the stages' orgs as the workflow keeps them; no levels, no orgs."""
    if not levels:
        return []
    if len(stage_orgs) < len(levels):
        return [proposer, *stage_orgs]
    return list(stage_orgs)


def next_stage(route: Route, index: int) -> RouteStage | None:
    """The stage after ``stages[index]``, or None when ``index`` is the deciding stage.

    ``index = -1`` asks for the first stage (the dossier leaves the proposer).
    """
    if index < -1 or index >= len(route.stages):
        raise IndexError(f"stage index {index} out of range for {len(route.stages)} stages")
    following = index + 1
    return route.stages[following] if following < len(route.stages) else None


def stage_index(route: Route, level: Level) -> int:
    """Index in ``route.stages`` of the stage at ``level``."""
    for index, stage in enumerate(route.stages):
        if stage.level is level:
            return index
    raise RouteError(
        f"Tuyến {route.levels} không có cấp {level.value}",
        code="level_not_on_route",
        values={"level": level.value, "route_levels": [lvl.value for lvl in route.levels]},
    )


def is_deciding(route: Route, index: int) -> bool:
    """True when ``stages[index]`` is the deciding stage."""
    return index == len(route.stages) - 1

"""Route profiles: which levels a dossier passes and which org acts at each (contract §5).

* ``three_tier``: unit → district → province → central → government → president
* ``two_tier``:   unit → commune → province → central → government → president (since 07/2025)

The profile follows the proposer's place in the org tree: an ancestry passing a district is
three-tier, otherwise two-tier (the chain in force since 1 July 2025, also used by province and
ministry proposers that pass neither). A ministry stands where the province stands. The route
stops at the award's deciding level; state-level dossiers always pass ``central`` (appraisal by
the Ministry of Home Affairs, ND152 Art.33) before ``government``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from domain.levels import DecidingLevel, Level, deciding_rank, rank


class RouteError(ValueError):
    """No route can be planned from the given org ancestry."""


class RouteProfile(StrEnum):
    THREE_TIER = "three_tier"
    TWO_TIER = "two_tier"


@dataclass(frozen=True)
class OrgNode:
    code: str
    level: Level
    parent_code: str | None


@dataclass(frozen=True)
class RouteStage:
    level: Level
    org_code: str


@dataclass(frozen=True)
class Route:
    profile: RouteProfile
    levels: tuple[Level, ...]  # proposer's level first
    stages: tuple[RouteStage, ...]  # every level after the proposer, each with the acting org

    @property
    def deciding_stage(self) -> RouteStage:
        """The last stage: the org that decides."""
        return self.stages[-1]


_LOCAL = {RouteProfile.THREE_TIER: Level.district, RouteProfile.TWO_TIER: Level.commune}
_STATE = (Level.central, Level.government, Level.president)


def _check_chain(ancestry: Sequence[OrgNode]) -> None:
    if not ancestry:
        raise RouteError("empty org ancestry")
    for child, parent in pairwise(ancestry):
        if child.parent_code != parent.code:
            raise RouteError(
                f"broken ancestry: {child.code} has parent {child.parent_code!r}, "
                f"not {parent.code!r}"
            )
        if rank(parent.level) < rank(child.level):
            raise RouteError(
                f"broken ancestry: {parent.code} ({parent.level}) is below "
                f"its child {child.code} ({child.level})"
            )
    for node in ancestry:
        if node.level in _STATE:
            raise RouteError(f"{node.code}: state-level orgs cannot be in a proposer's ancestry")


def choose_profile(ancestry: Sequence[OrgNode]) -> RouteProfile:
    """Three-tier when the ancestry passes a district, else two-tier."""
    if any(node.level is Level.district for node in ancestry):
        return RouteProfile.THREE_TIER
    return RouteProfile.TWO_TIER


def _first(ancestry: Sequence[OrgNode], levels: set[Level]) -> OrgNode | None:
    return next((node for node in ancestry[1:] if node.level in levels), None)


def plan_route(
    proposer_ancestry: Sequence[OrgNode],
    deciding: DecidingLevel,
    state_orgs: Mapping[Level, str],
) -> Route:
    """Plan the stages from the proposer up to the deciding level.

    ``proposer_ancestry`` is [proposer, its parent, ..., the province or ministry root];
    ``state_orgs`` maps central, government and president to their org codes.
    """
    _check_chain(proposer_ancestry)
    proposer = proposer_ancestry[0]
    if rank(proposer.level) >= deciding_rank(deciding):
        raise RouteError(
            f"{proposer.code} ({proposer.level}) is at or above the deciding level "
            f"{deciding.value}: nothing to route"
        )
    profile = choose_profile(proposer_ancestry)
    stages: list[RouteStage] = []
    local_level = _LOCAL[profile]
    if rank(proposer.level) < rank(local_level):
        local = _first(proposer_ancestry, {local_level})
        if local is not None:
            stages.append(RouteStage(local.level, local.code))
        elif deciding is DecidingLevel.LOCAL:
            raise RouteError(
                f"{proposer.code}: no district or commune in the ancestry to decide a "
                "district/commune-level award"
            )
    if deciding_rank(deciding) >= rank(Level.province):
        root = _first(proposer_ancestry, {Level.province, Level.ministry})
        if root is None:
            raise RouteError(f"{proposer.code}: ancestry has no province or ministry")
        stages.append(RouteStage(root.level, root.code))
    state = {
        DecidingLevel.GOVERNMENT: (Level.central, Level.government),
        DecidingLevel.PRESIDENT: _STATE,
    }.get(deciding, ())
    for level in state:
        code = state_orgs.get(level)
        if not code:
            raise RouteError(f"no org configured for the {level.value} level")
        stages.append(RouteStage(level, code))
    return Route(
        profile=profile,
        levels=(proposer.level, *(stage.level for stage in stages)),
        stages=tuple(stages),
    )


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
    raise RouteError(f"route {route.levels} has no {level.value} stage")


def is_deciding(route: Route, index: int) -> bool:
    """True when ``stages[index]`` is the deciding stage."""
    return index == len(route.stages) - 1

"""Planning a route: which orgs a dossier passes and which one decides (contract §5, §11).

A route climbs the proposer's parent chain to the nearest org competent for the award (Law
Art.77-80; ND129 Art.59): the head of a unit with legal personality or of an enterprise, a
provincial department (Sở), a ministry, a commune or (three-tier) a district decides the
grassroots titles and Giấy khen; the province decides its own forms, the ministry its own set.
When the proposer is competent itself, the route is just its own level and its chair decides.
State-level awards climb to the proposer's province or ministry, then ``central`` (appraisal by
the Ministry of Home Affairs, ND152 Art.33), ``government`` and, for orders, ``president``.
A province or ministry proposing itself (its own collective or leader) an award its council
must review reviews it first at its own stage, where its chair approves with the council's vote
(else the dossier arrives straight at ``central`` and nobody records it): awards balloted at
every level (``ballot_threshold``, ND152 Art.33.5) and awards posted before the bộ/tỉnh council
(``public_posting``, ND152 Art.44.2: orders, state honorary titles, CSTĐ toàn quốc), whose
posting runs at that stage as for a lower proposer's dossier (``dossier_steps.arrive``); not
under the simplified procedure (Law Art.85: no posting, no council minutes).

Every org passed on the way reviews the dossier, except units without legal personality
(``internal``: no council of their own). The profile follows the tree: an ancestry passing a
district is ``three_tier`` (unit → district → province …; communes under a district are passed
over), otherwise ``two_tier`` (the chain since 1 July 2025, also used by ministries). Both may
coexist in one province during a transition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Protocol

from domain.levels import DecidingLevel, Level, OrgKind, rank
from domain.routes import OrgNode, Route, RouteError, RouteProfile, RouteStage


class Decidable(Protocol):
    """What routing needs of an award (``domain.catalog.AwardRule`` fits)."""

    @property
    def deciding_level(self) -> DecidingLevel: ...

    @property
    def deciders(self) -> tuple[str, ...]: ...

    @property
    def ballot_threshold(self) -> float | None: ...

    @property
    def public_posting(self) -> bool: ...


_STATE = (Level.central, Level.government, Level.president)
_ROOTS = frozenset({Level.province, Level.ministry})  # their councils vote (domain.council)
_GRASSROOTS = (
    OrgKind.legal_entity.value,
    OrgKind.enterprise.value,
    Level.department.value,
    Level.ministry.value,
    Level.commune.value,
    Level.district.value,
)
# Who decides when the catalogue names no deciders: by the award's deciding level.
DEFAULT_DECIDERS: dict[DecidingLevel, tuple[str, ...]] = {
    DecidingLevel.LOCAL: _GRASSROOTS,
    DecidingLevel.PROVINCE: (Level.province.value,),
    DecidingLevel.MINISTRY: (Level.ministry.value,),
    DecidingLevel.GOVERNMENT: (Level.government.value,),
    DecidingLevel.PRESIDENT: (Level.president.value,),
}
DECIDER_KEYS = frozenset(
    {*(k.value for k in OrgKind), *(lvl.value for lvl in Level if lvl is not Level.unit)}
)
_STATE_STAGES = {
    DecidingLevel.GOVERNMENT: (Level.central, Level.government),
    DecidingLevel.PRESIDENT: _STATE,
}


def decider_key(node: OrgNode) -> str:
    """The key a node is known by in an award's ``deciders``: its kind for units, else level."""
    if node.level is Level.unit:
        return node.kind or OrgKind.internal.value
    return node.level.value


def _check_chain(ancestry: Sequence[OrgNode]) -> None:
    if not ancestry:
        raise RouteError("Không có đơn vị đề nghị (chuỗi đơn vị cấp trên rỗng)", code="no_proposer")
    seen: set[str] = set()
    for node in ancestry:
        if node.code in seen:
            raise RouteError(
                f"Cây đơn vị có vòng lặp: {node.code} là cấp trên của chính nó",
                code="org_loop",
                values={"org": node.code},
            )
        seen.add(node.code)
        if node.level in _STATE:
            raise RouteError(
                f"{node.code}: đơn vị cấp trung ương ({node.level.value}) không thể là cấp trên "
                "của đơn vị đề nghị",
                code="state_org_above",
                values={"org": node.code, "level": node.level.value},
            )
        if node.kind is not None and node.kind not in {k.value for k in OrgKind}:
            raise RouteError(
                f"{node.code}: loại đơn vị không hợp lệ {node.kind!r}",
                code="bad_org_kind",
                values={"org": node.code, "kind": node.kind},
            )
    for child, parent in pairwise(ancestry):
        if child.parent_code != parent.code:
            raise RouteError(
                f"Chuỗi đơn vị đứt đoạn: cấp trên của {child.code} là {child.parent_code!r}, "
                f"không phải {parent.code!r}",
                code="broken_chain",
                values={"org": child.code, "parent_org": parent.code},
            )
        if rank(parent.level) < rank(child.level):
            raise RouteError(
                f"Cây đơn vị sai: {parent.code} ({parent.level.value}) thấp hơn đơn vị cấp dưới "
                f"{child.code} ({child.level.value})",
                code="parent_below_child",
                values={
                    "parent_org": parent.code,
                    "parent_level": parent.level.value,
                    "org": child.code,
                    "level": child.level.value,
                },
            )


def choose_profile(ancestry: Sequence[OrgNode]) -> RouteProfile:
    """Three-tier when the ancestry passes a district, else two-tier."""
    if any(node.level is Level.district for node in ancestry):
        return RouteProfile.THREE_TIER
    return RouteProfile.TWO_TIER


def _passes(node: OrgNode, profile: RouteProfile) -> bool:
    """True when ``node`` reviews dossiers passing through it."""
    if profile is RouteProfile.THREE_TIER and node.level is Level.commune:
        return False  # pre-reform communes under a district: the district acts
    return decider_key(node) != OrgKind.internal.value


def _target(award: Decidable | DecidingLevel) -> tuple[DecidingLevel, frozenset[str]]:
    if isinstance(award, DecidingLevel):
        return award, frozenset(DEFAULT_DECIDERS[award])
    deciders = award.deciders or DEFAULT_DECIDERS[award.deciding_level]
    return award.deciding_level, frozenset(deciders)


def _climb(ancestry: Sequence[OrgNode], top: int, profile: RouteProfile) -> list[RouteStage]:
    """Stages for ancestry[1..top]: every org that reviews, ``ancestry[top]`` always."""
    return [
        RouteStage(node.level, node.code)
        for index, node in enumerate(ancestry[1 : top + 1], start=1)
        if index == top or _passes(node, profile)
    ]


def _votes_itself(proposer: OrgNode, award: Decidable | DecidingLevel, *, simplified: bool) -> bool:
    """A province or ministry proposing an award its own council must review first: one
    balloted at every council level (its own threshold, ND152 Art.33.5) or one posted publicly
    before the bộ/tỉnh council meets (ND152 Art.44.2), unless under the simplified procedure."""
    if isinstance(award, DecidingLevel) or proposer.level not in _ROOTS:
        return False
    return award.ballot_threshold is not None or (award.public_posting and not simplified)


def _competent(
    ancestry: Sequence[OrgNode], deciders: frozenset[str], profile: RouteProfile
) -> int | None:
    for index, node in enumerate(ancestry):
        if decider_key(node) in deciders and _passes(node, profile):
            return index
    return None


def _state_stages(deciding: DecidingLevel, state_orgs: Mapping[Level, str]) -> list[RouteStage]:
    stages: list[RouteStage] = []
    for level in _STATE_STAGES[deciding]:
        code = state_orgs.get(level)
        if not code:
            raise RouteError(
                f"Chưa có đơn vị cấp {level.value} trong hệ thống",
                code="no_state_org",
                values={"level": level.value},
            )
        stages.append(RouteStage(level, code))
    return stages


def plan_route(
    proposer_ancestry: Sequence[OrgNode],
    award: Decidable | DecidingLevel,
    state_orgs: Mapping[Level, str],
    *,
    simplified: bool = False,
) -> Route:
    """Plan the stages from the proposer up to the org that decides ``award``.

    ``proposer_ancestry`` is [proposer, its parent, ..., the root]; ``award`` is an award rule
    (its ``deciders`` name org kinds and levels) or just a deciding level (default deciders);
    ``state_orgs`` maps central, government and president to their org codes; ``simplified``
    says the dossier follows the simplified procedure (Law Art.85: no posting, no council).
    """
    _check_chain(proposer_ancestry)
    deciding, deciders = _target(award)
    profile = choose_profile(proposer_ancestry)
    proposer = proposer_ancestry[0]
    if deciding in _STATE_STAGES:
        top = next((i for i, n in enumerate(proposer_ancestry) if n.level in _ROOTS), None)
        if top is None:
            raise RouteError(
                f"{proposer.code}: không thuộc tỉnh hoặc bộ nào, không trình được khen thưởng "
                "cấp Nhà nước",
                code="outside_province",
                values={"org": proposer.code},
            )
        stages = _climb(proposer_ancestry, top, profile)
        if top == 0 and _votes_itself(proposer, award, simplified=simplified):
            stages = [RouteStage(proposer.level, proposer.code)]
        stages += _state_stages(deciding, state_orgs)
    else:
        top = _competent(proposer_ancestry, deciders, profile)
        if top is None:
            names = ", ".join(sorted(deciders))
            raise RouteError(
                f"{proposer.code}: không có đơn vị có thẩm quyền quyết định ({names}) từ đơn vị "
                "đề nghị trở lên",
                code="no_competent_org",
                values={"org": proposer.code, "deciders": sorted(deciders)},
            )
        stages = _climb(proposer_ancestry, top, profile) if top else []
    if not stages:
        own = RouteStage(proposer.level, proposer.code)
        return Route(profile=profile, levels=(proposer.level,), stages=(own,))
    above = stages[1:] if stages[0].org_code == proposer.code else stages
    return Route(
        profile=profile,
        levels=(proposer.level, *(stage.level for stage in above)),
        stages=tuple(stages),
    )

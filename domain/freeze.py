"""ND152 Art.4.4 at approval: no award is considered while a nominee is frozen.

A person under disciplinary review, investigation, prosecution or trial, or within a period of
disciplinary action, is not considered for an award (ND152/2025/NĐ-CP Art.4.4). A warning at
nomination is not enough: a discipline may be recorded after the dossier was lodged, and a
council could still approve it. So every approval asks :func:`approval_freezes` on its
decision date, with what the discipline register holds *then*; a period that ended before
that date, or starts after it, freezes nothing (the achievement-period rule after a
discipline, "count from its end", is the nomination's check, :func:`domain.registry.freeze_checks`).

People are matched as the registers match them (:func:`domain.registry.same_person`: CCCD,
else normalised name + birth date + org), never by a second rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from domain.registry import FREEZE_BASIS, FreezePeriod, Person, same_person

__all__ = ["FREEZE_BASIS", "NomineeFreeze", "RecordedFreeze", "approval_days", "approval_freezes"]


@dataclass(frozen=True)
class RecordedFreeze:
    """A period of the discipline register and the person it was recorded for."""

    person: Person
    period: FreezePeriod


@dataclass(frozen=True)
class NomineeFreeze:
    """Why an approval is refused: the nominee at ``index`` (its position in the dossier) is
    frozen on the decision date by ``period``."""

    index: int
    period: FreezePeriod


def approval_days(typed: date | None, today: date) -> tuple[date, ...]:
    """The days an approval must find nobody frozen on: today, and the decision date typed if
    another: a backdated decision does not lift a freeze that holds today, and a decision
    dated inside a freeze that has ended since is refused too."""
    return tuple(sorted({today, typed or today}))


def approval_freezes(
    nominees: Sequence[Person],
    records: Iterable[RecordedFreeze],
    orgs: Iterable[str],
    on: date,
    *,
    approving: Collection[int] | None = None,
) -> list[NomineeFreeze]:
    """The nominees an approval decided ``on`` may not award, in dossier order, each with the
    earliest period that covers ``on``. ``orgs`` are the orgs the nominees may be in (the
    proposer's subtree); ``approving`` the positions being approved (None: every nominee), so
    a frozen nominee left out of a partial approval does not stop it."""
    covering = [r for r in records if r.period.covers(on)]
    places = set(orgs)
    found: list[NomineeFreeze] = []
    for index, nominee in enumerate(nominees):
        if approving is not None and index not in approving:
            continue
        periods = [r.period for r in covering if same_person(nominee, r.person, places)]
        if periods:
            first = min(periods, key=lambda p: (p.starts_on, p.kind))
            found.append(NomineeFreeze(index, first))
    return found

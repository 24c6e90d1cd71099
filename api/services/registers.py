"""Discipline / investigation register and initiative register (contract §12)."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.schemas.registry import (
    DisciplineIn,
    DisciplineOut,
    DisciplinePage,
    InitiativeIn,
    InitiativeOut,
    InitiativePage,
    InitiativeUse,
    PersonIn,
)
from api.services.idempotency import KeyClaim
from api.services.registry_scope import (
    person_out,
    read_root,
    require_writer,
    search_key,
    visible_orgs,
)
from domain.registry import normalise_name
from store.repositories import registers as repo
from store.repositories.audit import record_audit

log = structlog.get_logger(__name__)


def _person(person: PersonIn, org_code: str) -> dict[str, object]:
    return {
        "name": person.name,
        "person_key": normalise_name(person.name),
        "birth_date": person.birth_date,
        "identity_number": person.identity_number,
        "org_code": org_code,
    }


def discipline_out(row: repo.DisciplineRow, visible: set[str] | None) -> DisciplineOut:
    return DisciplineOut(
        id=row.id,
        person=person_out(row.name, row.birth_date, row.identity_number, row.org_code, visible),
        org_code=row.org_code,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        kind=row.kind,
        note=row.note,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


def initiative_out(row: repo.InitiativeRow, visible: set[str] | None) -> InitiativeOut:
    used = None
    if row.used_award_code is not None and row.used_year is not None:
        used = InitiativeUse(
            award_code=row.used_award_code, year=row.used_year, dossier_id=row.used_dossier_id
        )
    return InitiativeOut(
        id=row.id,
        person=person_out(row.name, row.birth_date, row.identity_number, row.org_code, visible),
        org_code=row.org_code,
        title=row.title,
        scope=row.scope,
        recognised_on=row.recognised_on,
        used_for=used,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


async def add_discipline(
    *,
    session: AsyncSession,
    principal: Principal,
    body: DisciplineIn,
    ip: str,
    claim: KeyClaim | None = None,
) -> DisciplineOut:
    """``claim``: the Idempotency-Key this request holds, answered in the transaction of the
    write (``idempotency.keyed_write``)."""
    await require_writer(session, principal, body.org_code)
    values = {
        **_person(body.person, body.org_code),
        "kind": body.kind,
        "starts_on": body.starts_on,
        "ends_on": body.ends_on,
        "note": body.note,
        "recorded_by": principal.username,
    }
    row = await repo.add_discipline(session=session, values=values)
    # the record's id, not the person's name: the audit log holds no personal data
    await record_audit(session, principal.username, "registry.discipline_recorded", str(row.id), ip)
    answer = discipline_out(row, None)
    if claim is not None:
        await claim.record(session, answer)
    await session.commit()
    log.info("registry.discipline_recorded", id=row.id, org_code=row.org_code, kind=row.kind)
    return answer


async def add_initiative(
    *,
    session: AsyncSession,
    principal: Principal,
    body: InitiativeIn,
    ip: str,
    claim: KeyClaim | None = None,
) -> InitiativeOut:
    """``claim``: as ``add_discipline``'s."""
    org_code = body.org_code or principal.org_code
    await require_writer(session, principal, org_code)
    values = {
        **_person(body.person, org_code),
        "title": body.title,
        "scope": body.scope,
        "recognised_on": body.recognised_on,
        "recorded_by": principal.username,
    }
    row = await repo.add_initiative(session=session, values=values)
    await record_audit(session, principal.username, "registry.initiative_recorded", str(row.id), ip)
    answer = initiative_out(row, None)
    if claim is not None:
        await claim.record(session, answer)
    await session.commit()
    log.info("registry.initiative_recorded", id=row.id, org_code=row.org_code)
    return answer


async def list_discipline(
    *,
    session: AsyncSession,
    principal: Principal,
    org_code: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> DisciplinePage:
    root = await read_root(session, principal, org_code)
    rows, total = await repo.list_discipline(
        session=session, root=root, name_key=search_key(q),
        limit=limit, offset=offset,
    )  # fmt: skip
    visible = await visible_orgs(session, principal)
    return DisciplinePage(items=[discipline_out(r, visible) for r in rows], total=total)


async def list_initiatives(
    *,
    session: AsyncSession,
    principal: Principal,
    org_code: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> InitiativePage:
    root = await read_root(session, principal, org_code)
    rows, total = await repo.list_initiatives(
        session=session, root=root, name_key=search_key(q),
        limit=limit, offset=offset,
    )  # fmt: skip
    visible = await visible_orgs(session, principal)
    return InitiativePage(items=[initiative_out(r, visible) for r in rows], total=total)

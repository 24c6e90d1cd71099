"""Award registry use cases: list, record one past award, import a workbook (contract §12)."""

from __future__ import annotations

import asyncio

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, Role, require_role
from api.errors import Conflict, Invalid
from api.schemas.registry import ImportOut, RegistryItem, RegistryPage, RegistryRecordIn
from api.services import registry_rows
from api.services.idempotency import KeyClaim
from api.services.reference import award_rule
from api.services.registry_scope import (
    person_out,
    read_root,
    require_writer,
    search_key,
    today,
    visible_orgs,
)
from core.i18n import _
from domain.levels import Subject
from domain.registry import Person
from store.repositories import registry as repo
from store.repositories.audit import record_audit

log = structlog.get_logger(__name__)

DUPLICATE = "msg.the_registry_already_holds_this_person"  # msgid, worded per request


def _duplicate(field: str) -> Conflict:
    """409 on ``field``: the register holds that person's award for that year already."""
    return Conflict.field(field, _(DUPLICATE), model=RegistryRecordIn)


def item_out(row: repo.RecordRow, visible: set[str] | None) -> RegistryItem:
    return RegistryItem(
        id=row.id,
        person=person_out(row.name, row.birth_date, row.identity_number, row.org_code, visible),
        org_code=row.org_code,
        award_code=row.award_code,
        year=row.year,
        decision_number=row.decision_number,
        decision_date=row.decision_date,
        source="import" if row.source == "import" else "tdkt",
    )


async def list_records(
    *,
    session: AsyncSession,
    principal: Principal,
    org_code: str | None,
    q: str | None,
    award_code: str | None,
    year: int | None,
    limit: int,
    offset: int,
) -> RegistryPage:
    root = await read_root(session, principal, org_code)
    name_key = search_key(q)
    flt = repo.RegistryFilter(root=root, name_key=name_key, award_code=award_code, year=year)
    rows, total = await repo.list_(session=session, flt=flt, limit=limit, offset=offset)
    visible = await visible_orgs(session, principal)
    return RegistryPage(items=[item_out(r, visible) for r in rows], total=total)


def _subject(award_code: str, person: Person, field: str) -> str:
    rule = award_rule(award_code, field=field)
    if rule.allows(Subject.individual):
        return Subject.individual.value
    if person.birth_date or person.identity_number:
        raise Invalid.field(field, registry_rows.collective_only(award_code))
    return rule.subjects[0].value


async def create_record(
    *,
    session: AsyncSession,
    principal: Principal,
    body: RegistryRecordIn,
    ip: str,
    claim: KeyClaim | None = None,
) -> RegistryItem:
    """Record one past award; ``claim``: the Idempotency-Key this request holds, answered in
    the transaction of the write (``idempotency.keyed_write``)."""
    await require_writer(session, principal, body.org_code)
    p = body.person
    person = Person.of(p.name, body.org_code, p.birth_date, p.identity_number)
    subject = _subject(body.award_code, person, "award_code")
    if problem := registry_rows.award_year_problem(body.award_code, body.year, p.birth_date):
        raise Invalid.field("year", problem)
    problem = registry_rows.decision_problem(body.year, body.decision_date, today(), p.birth_date)
    if problem is not None:
        raise Invalid.field("decision_date", problem)
    values = registry_rows.values(
        person,
        p.name,
        subject,
        body.award_code,
        body.year,
        body.decision_number,
        body.decision_date,
        principal.username,
    )
    if await registry_rows.existing(session, [(person, body.award_code, body.year)]):
        raise _duplicate("person.name")
    try:
        (record_id,) = await repo.insert_many(session=session, rows=[values])
        await record_audit(session, principal.username, "registry.recorded", str(record_id), ip)
        row = repo.RecordRow(
            id=record_id, name=p.name, person_key=person.key, birth_date=p.birth_date,
            identity_number=person.identity_number, org_code=body.org_code,
            award_code=body.award_code, year=body.year, decision_number=body.decision_number,
            decision_date=body.decision_date, source="import",
        )  # fmt: skip
        answer = item_out(row, None)
        if claim is not None:
            await claim.record(session, answer)
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise _duplicate("person.name") from None
    log.info("registry.recorded", id=record_id, org_code=body.org_code, award=body.award_code)
    return answer


async def import_workbook(
    *,
    session: AsyncSession,
    principal: Principal,
    data: bytes,
    ip: str,
    claim: KeyClaim | None = None,
) -> ImportOut:
    """All rows or none: any row error answers 422 with every error and writes nothing.
    ``claim``: as ``create_record``'s."""
    require_role(principal, Role.officer, Role.admin)
    root = None if principal.is_admin else principal.org_code
    directory = await repo.org_directory(session=session)
    context = registry_rows.ImportContext(
        allowed=await repo.org_codes(session=session, root=root),
        known=set(directory),
        today=today(),
        username=principal.username,
        names=directory,
    )
    # openpyxl parsing is CPU-bound: off the event loop, so other requests keep being served
    rows, errors = await asyncio.to_thread(registry_rows.parse_workbook, data, context)
    if not errors:
        errors = await registry_rows.duplicates(session, context, rows)
    if errors:
        raise registry_rows.row_errors(errors)
    if not rows:
        raise Invalid.field("file", _("msg.no_data_rows"))
    answer = ImportOut(imported=len(rows))
    try:
        await repo.insert_many(session=session, rows=[r["values"] for r in rows])
        await record_audit(session, principal.username, "registry.imported", f"{len(rows)}", ip)
        if claim is not None:
            await claim.record(session, answer)
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise _duplicate("file") from None
    log.info("registry.imported", rows=len(rows), by=principal.username)
    return answer

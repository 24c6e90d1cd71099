"""One registry record from a workbook row (or the API): checks, values, duplicates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.domain_text import award_name
from api.errors import Invalid
from api.registry_text import identity_refusal
from api.services import registry_workbook as cells
from core.i18n import _
from domain.catalog import default_catalog
from domain.levels import Subject
from domain.registry import TITLE_MIN_AGE, Person, earliest_award_year
from store.repositories import registry as repo

MAX_ERRORS = 1000
Key = tuple[tuple[str, ...], str, int]


@dataclass(frozen=True)
class ImportContext:
    allowed: set[str]  # orgs the caller may write for
    known: set[str]  # every org
    today: date
    username: str
    names: Mapping[str, str] = field(default_factory=dict)  # org code -> name, for messages


def decision_problem(
    year: int, decision_date: date, today: date, born: date | None = None
) -> str | None:
    """Why the decision date cannot be right (reader's language), or None."""
    if decision_date > today:
        return _("sheet.decision_in_future")
    if decision_date < date(year, 1, 1):
        return _("sheet.decision_before_year", year=year)
    if born is not None and decision_date < born:
        return _("sheet.before_birth", born=format(born, "%d/%m/%Y"))
    return None


def birth_problem(born: date, today: date) -> str | None:
    """Why ``born`` cannot be a birth date (reader's language), or None."""
    if born > today:
        return _("sheet.birth_date_future")
    if born < date(1900, 1, 1):
        return _("sheet.birth_date_invalid")
    return None


def award_year_problem(award_code: str, year: int, born: date | None) -> str | None:
    """Why someone born on ``born`` cannot hold ``award_code`` for ``year``, or None: a year
    before the birth, or an emulation title before working age (domain.registry)."""
    if born is None or award_code not in default_catalog():
        return None
    title = default_catalog().get(award_code).category == "title"
    first = earliest_award_year(born, emulation_title=title)
    if year < born.year:
        return _("sheet.year_before_birth", year=year, born_year=born.year)
    if year < first:
        return _(
            "sheet.too_young_for_title", award=award_name(award_code), age=TITLE_MIN_AGE,
            born_year=born.year, first=first,
        )  # fmt: skip
    return None


def collective_only(award_code: str) -> str:
    """The refusal of a birth date or CCCD recorded for an award given to collectives."""
    return _("sheet.collective_only", award=award_code)


def values(
    person: Person,
    name: str,
    subject: str,
    award_code: str,
    year: int,
    decision_number: str,
    decision_date: date,
    username: str,
) -> dict[str, Any]:
    """The award_registry columns of a record entered through the API or an import."""
    return {
        "award_code": award_code,
        "subject": subject,
        "name": name,
        "person_key": person.key,
        "birth_date": person.birth_date,
        "identity_number": person.identity_number,
        "org_code": person.org_code,
        "decision_number": decision_number,
        "decision_date": decision_date,
        "achievement_year": year,
        "source": "import",
        "recorded_by": username,
    }


class _Cells:
    """Reads the cells of one row, collecting one error per bad cell."""

    def __init__(self, row: cells.Row) -> None:
        self.row = row
        self.errors: list[dict[str, Any]] = []

    def get(self, column: str, read: Callable[[Any], Any]) -> Any:
        try:
            return read(self.row.cells.get(column))
        except cells.CellError as exc:
            self.fail(column, str(exc))
            return None

    def fail(self, column: str, message: str) -> None:
        self.errors.append({"row": self.row.number, "field": column, "message": message})


def _org(c: _Cells, code: str | None, context: ImportContext) -> None:
    if code is None:
        return
    if code not in context.known:
        c.fail("mã đơn vị", _("msg.unknown_org", org_code=code))
    elif code not in context.allowed:
        org = context.names.get(code, code)
        c.fail("mã đơn vị", _("msg.org_org_code_is_outside_your", org=org))


def _award(c: _Cells, code: str | None, person: Person) -> str | None:
    catalog = default_catalog()
    if code is None:
        return None
    if code not in catalog:
        c.fail("mã danh hiệu", _("sheet.unknown_award", code=code))
        return None
    rule = catalog.get(code)
    if rule.allows(Subject.individual):
        return Subject.individual.value
    if person.birth_date or person.identity_number:
        c.fail("mã danh hiệu", collective_only(code))
    return rule.subjects[0].value


def parse(
    row: cells.Row, context: ImportContext
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The parsed row ({"number", "key", "values"}) or None, and the row's errors."""
    c = _Cells(row)
    name = c.get("họ tên", lambda v: cells.text(v, max_length=300))
    born = c.get("ngày sinh", lambda v: cells.day(v, required=False))
    number = c.get("số định danh", cells.identity)
    org = c.get("mã đơn vị", lambda v: cells.text(v, max_length=64))
    award = c.get("mã danh hiệu", lambda v: cells.text(v, max_length=32))
    year = c.get("năm", cells.year)
    decision_number = c.get("số quyết định", cells.decision_number)
    decided = c.get("ngày quyết định", lambda v: cells.day(v, required=True))
    if born is not None and (problem := birth_problem(born, context.today)) is not None:
        c.fail("ngày sinh", problem)
        born = None  # refused: the other dates are not checked against it
    if number is not None and (problem := identity_refusal(number, born)) is not None:
        c.fail("số định danh", problem)
    _org(c, org, context)
    person = Person.of(name or "", org or "", born, number)
    subject = _award(c, award, person)
    if (
        award is not None
        and year is not None
        and (problem := award_year_problem(award, year, born))
    ):
        c.fail("năm", problem)
    if year is not None and decided is not None:
        problem = decision_problem(year, decided, context.today, born)
        if problem is not None:
            c.fail("ngày quyết định", problem)
    if c.errors or subject is None:
        return None, c.errors
    record = values(person, name, subject, award, year, decision_number, decided, context.username)
    return {"number": row.number, "key": (person.dedup_key(), award, year), "values": record}, []


def parse_workbook(
    data: bytes, context: ImportContext
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every row of the workbook parsed (CPU only: run it in a worker thread), and the errors."""
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for row in cells.read_rows(data):
        parsed, row_errors = parse(row, context)
        errors.extend(row_errors)
        if parsed is not None:
            rows.append(parsed)
    return rows, errors


def _key_of(row: repo.RecordRow) -> Key:
    person = Person(row.person_key, row.org_code, row.birth_date, row.identity_number)
    return (person.dedup_key(), row.award_code, row.year)


async def existing(
    session: AsyncSession, wanted: Sequence[tuple[Person, str, int]]
) -> dict[Key, repo.RecordRow]:
    """Registry rows that already record one of ``wanted`` (person, award code, year)."""
    found = await repo.candidates(
        session=session,
        identity_numbers=[p.identity_number for p, _, _ in wanted if p.identity_number],
        name_keys=[p.key for p, _, _ in wanted if not p.identity_number],
        root=None,
    )
    keys = {(p.dedup_key(), award, year) for p, award, year in wanted}
    return {key: row for row in found if (key := _key_of(row)) in keys}


async def duplicates(
    session: AsyncSession, context: ImportContext, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows repeating an earlier row of the file or a record already in the registry."""
    errors: list[dict[str, Any]] = []
    first: dict[Key, int] = {}
    for row in rows:
        if (seen := first.setdefault(row["key"], row["number"])) != row["number"]:
            message = _("sheet.duplicate_row", row=seen)
            errors.append({"row": row["number"], "field": "họ tên", "message": message})
    wanted = [
        (Person(v["person_key"], v["org_code"], v["birth_date"], v["identity_number"]),
         v["award_code"], v["achievement_year"])
        for v in (r["values"] for r in rows)
    ]  # fmt: skip
    found = await existing(session, wanted)
    for row in rows:
        if (match := found.get(row["key"])) is not None:
            message = _("sheet.already_recorded", decision=match.decision_number)
            errors.append({"row": row["number"], "field": "họ tên", "message": message})
    return sorted(errors, key=lambda e: e["row"])


def row_errors(errors: list[dict[str, Any]]) -> Invalid:
    shown = errors[:MAX_ERRORS]
    more = len(errors) - len(shown)
    detail = _("msg.nothing_imported", len_errors=len(errors))
    if more:
        detail += " " + _("sheet.first_errors_shown", shown=MAX_ERRORS)
    return Invalid(detail, errors=shown)

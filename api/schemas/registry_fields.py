"""The checks of the registry's fields: text, decision numbers, birth and event dates.

The registry's JSON bodies, its web forms and its workbook import all judge their fields here.
Validators raise ``ValueError``s worded with :mod:`core.i18n` as they validate: the request's
language is set by then, and :func:`api.validation_text.error_text` shows such a text as is.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator

from api.schemas.text import is_blank
from api.schemas.text import text_problem as shared_text_problem
from core.i18n import _
from domain.calendar import VN_TZ
from domain.decision_number import DecisionNumberError, registry_number, split_number


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable registry text (reader's language), or None: the API's
    one text rule (:func:`api.schemas.text.text_problem`: control characters, NUL, bidi
    controls, invisible-only content), and a name, number or title holds a letter or digit.

    The registry's JSON bodies, its web forms and its workbook import all judge text here."""
    problem = shared_text_problem(value, multiline=multiline)
    if not any(c.isalnum() for c in value) and (problem is None or is_blank(value)):
        return _("sheet.text_invisible")  # the shared rule's "blank", and a little more
    return None if problem is None else problem[:1].upper() + problem[1:]


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` NFC and trimmed, or a worded ``ValueError`` (:func:`text_problem`)."""
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise ValueError(problem)
    return value.strip()


def decision_number_problem(value: str) -> str | None:
    """Why ``value`` is not a decision number ``<số thứ tự>/<ký hiệu>`` (the decide path's own
    shape check, :func:`domain.decision_number.split_number`), or None."""
    try:
        split_number(value)
    except DecisionNumberError as exc:
        return _(f"decision.{exc.field}.{exc.code}", **exc.values)
    return None


def clean_decision_number(value: str) -> str:
    """A past decision's number as the registry keeps it (``02 / QĐ-UBND`` → ``2/QĐ-UBND``)."""
    problem = decision_number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return registry_number(value)


Text = Annotated[str, AfterValidator(clean_text)]
DecisionNumber = Annotated[Text, AfterValidator(clean_decision_number)]


def vietnam_today() -> date:
    """Today in Vietnam: what "in the future" means for a date an officer types."""
    return datetime.now(VN_TZ).date()


def birth_date_problem(value: date) -> str | None:
    """Why ``value`` cannot be a birth date (reader's language), or None."""
    if value > vietnam_today():
        return _("sheet.birth_date_future")
    if value.year < 1900:
        return _("sheet.birth_date_invalid")
    return None


def past_birth_date(value: date | None) -> date | None:
    """A validator's check of a person's birth date: not before 1900, not in the future."""
    if value is not None and (problem := birth_date_problem(value)) is not None:
        raise ValueError(problem)
    return value


def event_date(value: date, person: object) -> date:
    """A validator's check of a date something happened to ``person`` (a recognition, a
    discipline's start): not in the future, not before the person's birth."""
    today = vietnam_today()
    if value > today:
        raise ValueError(_("sheet.date_in_future", today=format(today, "%d/%m/%Y")))
    born = getattr(person, "birth_date", None)
    if isinstance(born, date) and value < born:
        raise ValueError(_("sheet.before_birth", born=format(born, "%d/%m/%Y")))
    return value

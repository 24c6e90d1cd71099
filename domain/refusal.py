"""Structured refusals: a reason code and its values beside the domain's own sentence.

The domain words each refusal compactly (``message``: what logs and recorded histories read)
and also says *why* in a machine-readable form: ``code`` (the API words it with the catalogue's
msgid ``domain.<code>``) and ``values``, whose keys say what each value is, so the API can show
names instead of codes:

* ``org``, ``*_org``: an org code (shown as the org's name),
* ``level``, ``*_level``: a :class:`~domain.levels.Level` value (``*_levels``: several, in
  order); ``status``: a dossier status,
* ``award``: an award code; ``subject``: a nominee kind; ``award_type``/``award_types``: award
  types; ``kind``: an org kind,
* ``share``, ``threshold``, ``quorum``: ratios (shown as percentages); ``basis``: a legal
  citation (``ND152/2025 Art.45.4``); ``day``: an ISO date,
* anything else is shown as it is (numbers, references, values the user typed); a tuple is a
  list of such values.

Values are JSON-friendly, so a refusal crosses Temporal in an ``ApplicationError``'s details.
"""

from __future__ import annotations

from typing import TypeAlias

Value: TypeAlias = str | int | float | tuple[str, ...]
Values: TypeAlias = dict[str, Value]

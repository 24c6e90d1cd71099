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
* any other name as :data:`domain.reasons.VALUE_KINDS` says (``share``, ``quorum``: ratios;
  ``cite``: a legal citation; ``on``: an ISO date; counts, years), else as it is (references,
  values the user typed); a list is a list of such values.

Values are JSON-friendly, so a refusal crosses Temporal in an ``ApplicationError``'s details.
"""

from __future__ import annotations

from typing import TypeAlias

from domain.eligibility_model import CheckValue

Value: TypeAlias = CheckValue  # the values of checks' reasons (domain.reasons) and refusals alike
Values: TypeAlias = dict[str, Value]

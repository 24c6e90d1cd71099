"""History comments in the reader's language.

The workflow records each step's comment as text, and for the steps the system itself takes (a
submission, a reminder, an escalation, a received objection…) that text is the domain's own
Vietnamese sentence. Recorded histories must replay, so the stored text stays as it is; it is
recognised here at display time (its Vietnamese catalogue entry ``history.<action>`` is the
domain's sentence, placeholders included) and worded again in the reader's language. A comment a
person typed is shown as typed.
"""

from __future__ import annotations

import re
from functools import cache

from core import i18n
from core.i18n import _

# the actions whose comment the system may have written (msgid ``history.<action>``)
SYSTEM_WORDED = (
    "submitted",
    "drafted",
    "posting_ended",
    "reminded",
    "escalated",
    "expired",
    "decided",
    "objection_received",
    "objection_resolved",
)
OUTCOMES = ("dismissed", "upheld")


@cache
def _pattern(action: str) -> re.Pattern[str]:
    """The Vietnamese sentence of ``history.<action>`` as a pattern, placeholders as groups."""
    template = i18n.raw(f"history.{action}", "vi")
    parts = re.split(r"%\((\w+)\)s", template)
    body = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{body}$", re.DOTALL)


@cache
def _outcome_codes() -> dict[str, str]:
    return {i18n.raw(f"history.outcome.{code}", "vi"): code for code in OUTCOMES}


def history_comment(action: str, comment: str) -> str:
    """``comment`` of a history step of ``action``, in the reader's language when the system
    wrote it; a person's own words as they were typed."""
    if action not in SYSTEM_WORDED or not comment:
        return comment
    found = _pattern(action).match(comment)
    if found is None:
        return comment
    values = found.groupdict()
    if "outcome" in values:
        code = _outcome_codes().get(values["outcome"])
        if code is None:
            return comment
        values["outcome"] = _(f"history.outcome.{code}")
    return _(f"history.{action}", **values)

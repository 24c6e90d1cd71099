"""What every e-mail the activities queue shares: the catalogue texts, worded by name.

E-mails are rendered once, when they are queued, from the gettext catalogues (:mod:`core.i18n`,
``mail.*`` msgids) in Vietnamese (``DEFAULT_LANG``): a recipient has no request language, and
the row keeps the text it was sent with. Each ``render*`` function takes ``lang`` so that the
English catalogue can be checked the same way.
"""

from __future__ import annotations

from datetime import datetime

from core.i18n import _, current_lang, has
from domain.calendar import VN_TZ
from domain.catalog import UnknownAward, default_catalog


def when(at: datetime) -> str:
    """A time in Vietnam's zone: ``17:00 ngày 05/12/2026``."""
    local = at.astimezone(VN_TZ)
    return _("mail.datetime", time=local.strftime("%H:%M"), date=local.strftime("%d/%m/%Y"))


def level_words(level: str | None) -> str | None:
    """The level of an org as a sentence says it (``cấp huyện``); None if it has no words."""
    msgid = f"mail.level.{level}"
    return _(msgid) if level and has(msgid) else None


def award_name(code: str) -> str:
    """The award's name in the current language; an unknown code is shown as itself."""
    try:
        rule = default_catalog().get(code)
    except UnknownAward:
        return code
    return rule.name_en if current_lang() == "en" else rule.name_vi


def sentence(text: str) -> str:
    """A subject repeated as the body's first sentence."""
    return f"{text}."


def letter(greeting: str, lines: list[str]) -> str:
    """Greeting, blank line, the lines, blank line, signature: the body of an e-mail."""
    return "\n".join([greeting, "", *lines, "", _("mail.signature")])

"""The one i18n mechanism: gettext catalogues read through Babel, Vietnamese first.

Every text a person reads — web pages, problem+json titles and details, field messages — is a
msgid of ``locale/<lang>/LC_MESSAGES/messages.po`` (``vi`` is the reference, ``en`` complete).
The ``.po`` files are read once at start (no compile step, nothing downloaded) and turned into
standard :class:`gettext.GNUTranslations`, which the Jinja2 i18n extension and Python share.

The language of the current request lives in a context variable: the web sets it from ``?lang=``
or the ``tdkt_lang`` cookie, the API from ``Accept-Language`` (Vietnamese by default).
Placeholders are python-format (``%(name)s``); a literal percent sign is written ``%%``.
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

Lang = Literal["vi", "en"]
LANGS: Final[tuple[Lang, ...]] = ("vi", "en")
DEFAULT_LANG: Final[Lang] = "vi"
LOCALE_DIR: Final = Path(__file__).resolve().parents[1] / "locale"
DOMAIN: Final = "messages"

_current: ContextVar[Lang] = ContextVar("tdkt_lang", default=DEFAULT_LANG)


def po_path(lang: Lang) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGS))
def translations(lang: Lang) -> _gettext.GNUTranslations:
    """The catalogue of ``lang``, read from its ``.po`` file once per process."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def load() -> None:
    """Read every catalogue now (at start), so a broken ``.po`` stops the process early."""
    for lang in LANGS:
        translations(lang)


def current_lang() -> Lang:
    return _current.get()


def set_lang(lang: Lang) -> None:
    """Set the language for the rest of the current request (context)."""
    _current.set(lang)


@contextmanager
def using(lang: Lang) -> Iterator[None]:
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def raw(msgid: str, lang: Lang | None = None) -> str:
    """The catalogue text of ``msgid`` (unformatted); an unknown msgid comes back as itself."""
    return translations(lang or _current.get()).gettext(msgid)


def gettext(msgid: str, /, **values: object) -> str:
    """The text of ``msgid`` in the current language, formatted with ``values``."""
    return raw(msgid) % values


_ = gettext


def has(msgid: str) -> bool:
    return raw(msgid, DEFAULT_LANG) != msgid


def pick_lang(query: str | None, cookie: str | None) -> Lang:
    """Web pages: ``?lang=`` wins over the cookie; anything unknown falls back to Vietnamese."""
    for value in (query, cookie):
        if value == "en":
            return "en"
        if value == "vi":
            return "vi"
    return DEFAULT_LANG


def negotiate(accept_language: str | None) -> Lang:
    """The API's language from ``Accept-Language`` (highest q first); Vietnamese by default."""
    if not accept_language:
        return DEFAULT_LANG
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for negative_q, _index, tag in sorted(ranked):
        if negative_q >= 0:
            break
        primary = tag.split("-")[0]
        if primary in LANGS:
            return "en" if primary == "en" else "vi"
        if tag == "*":
            return DEFAULT_LANG
    return DEFAULT_LANG


def fmt_number(value: float | int, lang: Lang | None = None) -> str:
    """``1.234.567,5`` in Vietnamese, ``1,234,567.5`` in English."""
    return format_decimal(value, locale=lang or _current.get())


def fmt_percent(ratio: float, lang: Lang | None = None, *, digits: int = 2) -> str:
    """A ratio as a percentage: ``73,33 %`` in Vietnamese, ``73.33%`` in English."""
    lang = lang or _current.get()
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    pattern += "\u00a0%" if lang == "vi" else "%"
    return format_percent(ratio, format=pattern, locale=lang)

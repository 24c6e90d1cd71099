"""File names: the one rule for the name an upload carries and the one way a name is sent back.

An uploaded file's name (the ``filename`` of its multipart part) is text like any other and is
checked like it (:mod:`api.schemas.text`), with these file-name rules on top:

* the bytes must be UTF-8 (a browser sends UTF-8); anything else is refused, never guessed;
* the name is normalised to NFC and only its last component is kept, whether the client sent a
  Windows (``C:\\dir\\x.pdf``) or a POSIX (``../../x.pdf``) path: a name never carries a
  directory;
* format characters (Unicode category Cf: zero-width spaces and joiners, bidirectional
  overrides such as U+202E that can disguise ``gpj.exe`` as ``exe.jpg``, the BOM) are
  stripped: they are invisible, so the name a person sees is the name kept;
* control characters, line or paragraph separators and non-characters are refused (422), as in
  every text field;
* what remains, trimmed of surrounding spaces, must show a visible name before its extension
  (not blank, not ``.``, ``..`` or a bare ``.pdf``) and be at most 255 characters, else 422.

Every refusal names the file field. `content_disposition` is how any name goes back out: an
ASCII fallback (RFC 6266) plus the exact UTF-8 name percent-encoded (RFC 5987 ``filename*``),
with the same base-name and stripping rules applied again to names stored before them.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from api.errors import Invalid
from api.schemas.text import is_blank, text_problem
from core.i18n import _

MAX_FILENAME_CHARS = 255
_SAFE_ASCII = re.compile(r"[^A-Za-z0-9._ ()+-]")
_D_STROKE = {0x0111: "d", 0x0110: "D"}  # the one Vietnamese letter NFKD does not decompose


def _base_name(name: str) -> str:
    """NFC, the last path component (either slash), format characters gone, trimmed."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    return "".join(c for c in name if unicodedata.category(c) != "Cf").strip()


def clean_filename(raw: bytes, *, field: str) -> str:
    """The name to keep for an uploaded file's raw ``filename`` bytes; 422 naming ``field``."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid.field(field, _("msg.filename_not_utf8")) from None
    name = _base_name(decoded)
    problem = text_problem(name)
    if problem is not None:
        raise Invalid.field(field, _("msg.filename_refused", reason=problem))
    stem = name.rsplit(".", 1)[0].strip(" .")  # ".pdf" alone names nothing
    if not stem or is_blank(stem) or len(name) > MAX_FILENAME_CHARS:
        raise Invalid.field(field, _("msg.bad_filename"))
    return name


def download_name(stored: str, fallback: str = "tep") -> str:
    """A stored name made safe to send: base name, no format or control characters."""
    name = "".join(c for c in _base_name(stored) if unicodedata.category(c) != "Cc")
    return fallback if name in ("", ".", "..") or is_blank(name) else name


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the UTF-8 ``filename*`` (RFC 6266/5987)."""
    name = download_name(filename)
    folded = unicodedata.normalize("NFKD", name.translate(_D_STROKE))
    ascii_name = _SAFE_ASCII.sub("_", "".join(c for c in folded if not unicodedata.combining(c)))
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"

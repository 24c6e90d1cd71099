"""The type of an uploaded file, read from its bytes (magic numbers), never from the client.

PDF, PNG and JPEG by their signatures; DOCX and XLSX are ZIP packages whose
`[Content_Types].xml` names the main part of a Word document or an Excel workbook. The declared
MIME type and the filename's extension must agree with what the bytes are.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from api.services.uploads import UnsupportedMedia
from core.i18n import _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS: dict[str, str] = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".docx": DOCX,
    ".xlsx": XLSX,
}
_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_UNDECLARED = {None, "", "application/octet-stream"}
_MAX_CONTENT_TYPES_BYTES = 1_000_000
ALLOWED_VI = "PDF, DOCX, XLSX, JPEG, PNG"


def _office_type(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            types = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        # Not a readable Office package: a damaged ZIP, no [Content_Types].xml (KeyError), an
        # encrypted member (RuntimeError) or an unsupported compression (NotImplementedError).
        # None means "not an allowed type": the caller answers 415, never 500.
        return None
    for mime, main_part in _MAIN_PARTS.items():
        if main_part in types:
            return mime
    return None


def sniff(path: Path) -> str | None:
    """The MIME type the bytes are, among the allowed ones, or None."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(path)
    return None


def unreadable_package(path: Path) -> bool:
    """True for bytes that open as a ZIP (its signature) but not as an Office package: a
    damaged workbook or document rather than a file of another type."""
    with path.open("rb") as handle:
        head = handle.read(4)
    return head == b"PK\x03\x04" and _office_type(path) is None


def refuse(detail: str) -> UnsupportedMedia:
    return UnsupportedMedia(detail)


def checked_type(path: Path, filename: str, declared: str | None) -> str:
    """The sniffed type; 415 if not allowed or if the name or declared type disagree."""
    actual = sniff(path)
    if actual is None:
        raise refuse(_("msg.only_allowed_vi_files_are_accepted", allowed_vi=ALLOWED_VI))
    if declared not in _UNDECLARED and declared != actual:
        raise refuse(
            _("msg.declared_type_declared_does_not_match", declared=declared, actual=actual)
        )
    suffix = PurePosixPath(filename).suffix.lower()
    if EXTENSIONS.get(suffix) != actual:
        raise refuse(
            _(
                "msg.the_extension_does_not_match_the",
                suffix=suffix or "—",
                actual=actual,
            )
        )
    return actual

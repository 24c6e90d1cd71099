"""The type of an uploaded file, read from its bytes (magic numbers), never from the client.

PDF, PNG and JPEG by their signatures; DOCX and XLSX are ZIP packages whose
`[Content_Types].xml` names the main part of a Word document or an Excel workbook. The declared
MIME type and the filename's extension must agree with what the bytes are.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from api.field_labels import field_label, labelled
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
# What people call each allowed type (msgid): refusals name types so, never by MIME type.
TYPE_NAMES = {
    PDF: "filetype.pdf",
    DOCX: "filetype.docx",
    XLSX: "filetype.xlsx",
    JPEG: "filetype.jpeg",
    PNG: "filetype.png",
}


def type_name(mime: str | None) -> str:
    """The type's name in the reader's language ("tệp Excel (.xlsx)"); a type that is none of
    ours is quoted as sent, since it is the sender's own word."""
    msgid = TYPE_NAMES.get(mime or "")
    return _(msgid) if msgid else _("filetype.other", mime=mime or "")


def allowed_names() -> str:
    return ", ".join(type_name(mime) for mime in TYPE_NAMES)


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
    """415 naming the ``file`` field (its label before the sentence in ``errors``)."""
    error = {"field": "file", "message": labelled(field_label("file"), detail)}
    return UnsupportedMedia(detail, errors=[error])


def checked_type(path: Path, filename: str, declared: str | None) -> str:
    """The sniffed type; 415 if not allowed or if the name or declared type disagree."""
    actual = sniff(path)
    if actual is None:
        raise refuse(_("msg.only_allowed_vi_files_are_accepted", allowed_vi=allowed_names()))
    if declared not in _UNDECLARED and declared != actual:
        raise refuse(
            _(
                "msg.declared_type_declared_does_not_match",
                declared=type_name(declared),
                actual=type_name(actual),
            )
        )
    suffix = PurePosixPath(filename).suffix.lower()
    if EXTENSIONS.get(suffix) != actual:
        raise refuse(
            _(
                "msg.the_extension_does_not_match_the",
                suffix=suffix or "—",
                actual=type_name(actual),
            )
        )
    return actual

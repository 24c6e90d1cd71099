"""Every way an upload can claim to be an Office package and not be a readable one is "not an
allowed type" (the upload answers 415), never an exception (a 500): the cases `_office_type`
catches, one by one, on real bytes."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from api.services import sniff
from tests.documents import samples

CONTENT_TYPES = "[Content_Types].xml"


def _package() -> bytes:
    """A ZIP holding only a DOCX `[Content_Types].xml` (stored, not compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(CONTENT_TYPES, sniff._MAIN_PARTS[sniff.DOCX])
    return out.getvalue()


def _patched(data: bytes, local: int, central: int, value: int) -> bytes:
    """`data` with a 2-byte field of its one member set to `value`, at offset `local` of the
    local file header and `central` of the central directory header (as a writer would)."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        at = raw.index(signature) + offset
        raw[at : at + 2] = struct.pack("<H", value)
    return bytes(raw)


READABLE = _package()
CASES = {
    "damaged (a ZIP cut short)": READABLE[: len(READABLE) // 2],
    "no [Content_Types].xml": samples.plain_zip(),
    "encrypted member": _patched(READABLE, 6, 8, 0x1),  # general purpose flag: encrypted
    "unsupported compression": _patched(READABLE, 8, 10, 99),  # compression method 99
    "only the signature": b"PK\x03\x04",
}


def test_a_readable_package_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "ok.docx"
    path.write_bytes(READABLE)
    assert sniff.sniff(path) == sniff.DOCX


@pytest.mark.parametrize("case", list(CASES))
def test_an_unreadable_office_package_is_no_allowed_type(tmp_path: Path, case: str) -> None:
    path = tmp_path / "upload.docx"
    path.write_bytes(CASES[case])
    assert sniff.sniff(path) is None, case

"""The one rule for uploaded file names, the one way names go back out, and the multipart reader's
refusal of a body cut short (api.services.filenames, api.services.uploads)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from api.errors import BadRequest, Invalid
from api.services.filenames import clean_filename, content_disposition
from api.services.uploads import receive_file_bytes, receive_form
from core import i18n

BOUNDARY = "tdkt-test-boundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Tờ trình số 12.pdf".encode(), "Tờ trình số 12.pdf"),
        ("To\u0300 tri\u0300nh.pdf".encode(), "Tò trình.pdf"),  # NFD from macOS → NFC
        (b"../../x.pdf", "x.pdf"),
        (b"..\\..\\x.pdf", "x.pdf"),
        (b"C:\\Users\\an\\bao-cao.docx", "bao-cao.docx"),
        (b"/etc/passwd/../bien-ban.pdf", "bien-ban.pdf"),
        ("anh\u200b.png".encode(), "anh.png"),  # zero-width space stripped
        ("hoa-don\u202egpj.exe".encode(), "hoa-dongpj.exe"),  # a right-to-left override
        ("\ufeffdanh-sach.xlsx".encode(), "danh-sach.xlsx"),  # a byte-order mark
        (b"  a.pdf  ", "a.pdf"),
    ],
)
def test_names_are_normalised_to_their_visible_base_name(raw: bytes, kept: str) -> None:
    assert clean_filename(raw, field="file") == kept


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff\xfe.pdf", "UTF-8"),  # not UTF-8
        (b"bao\xc3cao.pdf", "UTF-8"),  # a cut multi-byte sequence
        (b"a\x00.pdf", "U+0000"),
        (b"a\x1b[31m.pdf", "U+001B"),
        ("a\u2028b.pdf".encode(), "U+2028"),
        ("a\ufdd0.pdf".encode(), "U+FDD0"),
        ("\u200b.pdf".encode(), "255"),  # invisible once stripped
        (b".pdf", "255"),
        (b"", "255"),
        (b"..", "255"),
        (b"../", "255"),
        ("\u3000\u00a0.pdf".encode(), "255"),  # space-like only
        (b"a" * 252 + b".pdf", "255"),
    ],
)
def test_bad_names_are_refused_naming_the_file_field(raw: bytes, words: str) -> None:
    with pytest.raises(Invalid) as caught:
        clean_filename(raw, field="file")
    assert caught.value.status == 422
    assert caught.value.errors[0]["field"] == "file"
    assert words in caught.value.errors[0]["message"]


@pytest.mark.parametrize(
    ("stored", "ascii_name", "encoded"),
    [
        ("Tờ trình.pdf", "To trinh.pdf", "T%E1%BB%9D%20tr%C3%ACnh.pdf"),
        ("Đơn đề.docx", "Don de.docx", "%C4%90%C6%A1n%20%C4%91%E1%BB%81.docx"),
        ("../../x.pdf", "x.pdf", "x.pdf"),  # stored before names were checked
        ('a";filename=evil.exe.pdf', "a__filename_evil.exe.pdf", "a%22%3Bfilename%3Devil.exe.pdf"),
        ("a\r\nSet-Cookie: x.pdf", "aSet-Cookie_ x.pdf", "aSet-Cookie%3A%20x.pdf"),
        ("\u200b", "tep", "tep"),
    ],
)
def test_content_disposition_is_always_safe(stored: str, ascii_name: str, encoded: str) -> None:
    header = content_disposition(stored)
    assert header == f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"
    assert header.isascii()
    assert not any(c in header for c in "\r\n/\\")


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def _body(filename: bytes, data: bytes, *, closed: bool = True) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nto_trinh\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'
    ).encode()
    rest = b'"\r\nContent-Type: application/pdf\r\n\r\n' + data
    end = f"\r\n--{BOUNDARY}--\r\n".encode() if closed else b""
    return head + filename + rest + end


def _leftovers(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("tdkt-upload-*"))


@pytest.fixture
def tmp_uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


async def test_a_whole_body_is_received(tmp_uploads: Path) -> None:
    body = _body("Tờ trình.pdf".encode(), b"%PDF-1.4 whole")
    form = await receive_form(_chunks(body), CONTENT_TYPE, file_field="file", limit=1000)
    assert form.file is not None
    assert (form.file.filename, form.file.size) == ("Tờ trình.pdf", 14)
    assert form.fields == {"kind": "to_trinh"}
    form.discard()
    assert _leftovers(tmp_uploads) == []


@pytest.mark.parametrize("cut", [-3, -8, -30])  # -1 or -2: only the optional CRLF
async def test_a_body_cut_short_is_refused_and_nothing_kept(tmp_uploads: Path, cut: int) -> None:
    whole = _body(b"a.pdf", b"%PDF-1.4 " + b"x" * 64)
    for body in (whole[:cut], _body(b"a.pdf", b"%PDF-1.4 " + b"x" * 64, closed=False)):
        with pytest.raises(BadRequest) as caught:
            await receive_form(_chunks(body), CONTENT_TYPE, file_field="file", limit=1000)
        assert caught.value.status == 400
        assert caught.value.errors[0]["field"] == "file"
        assert _leftovers(tmp_uploads) == []
    with pytest.raises(BadRequest):
        await receive_file_bytes(_chunks(whole[:cut]), CONTENT_TYPE, file_field="file", limit=1000)


async def test_bad_names_and_fields_are_refused_before_anything_is_kept(tmp_uploads: Path) -> None:
    for name in (b"\xff.pdf", "\u200b.pdf".encode(), b"../"):
        with pytest.raises(Invalid) as caught:
            await receive_form(
                _chunks(_body(name, b"%PDF")), CONTENT_TYPE, file_field="file", limit=1000
            )
        assert caught.value.errors[0]["field"] == "file"
    field = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="summary"\r\n\r\n'.encode()
    body = field + b"Th\xe0nh t\xedch" + f"\r\n--{BOUNDARY}--\r\n".encode()  # latin-1, not UTF-8
    with pytest.raises(Invalid) as caught:
        await receive_form(_chunks(body), CONTENT_TYPE, file_field="file", limit=1000)
    assert caught.value.errors[0]["field"] == "summary"
    assert _leftovers(tmp_uploads) == []


def test_refusals_are_worded_in_english_too() -> None:
    with i18n.using("en"), pytest.raises(Invalid) as caught:
        clean_filename(b"\xff.pdf", field="file")
    assert caught.value.errors[0]["message"] == "File: The file name is not UTF-8 text"

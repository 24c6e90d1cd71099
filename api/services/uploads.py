"""Receive a multipart upload as a stream: the file part goes to a temporary file on disk.

Starlette's form parser would read the whole body before anyone can check its size; this one
feeds `request.stream()` chunks to python-multipart's push parser, hashes the file part on the
fly, writes it to disk chunk by chunk and stops at `limit` bytes (413) — so a 20 MB upload never
sits whole in memory and a huge one is refused after `limit` bytes, not at its end.

The file's name is checked by `api.services.filenames.clean_filename` (one rule for every upload
route), text fields must be UTF-8 and sent once each (a repeated part is refused by name, as a
repeated JSON key is), and a body without its closing boundary (cut short in
transit) is refused 400 with nothing kept: python-multipart's `finalize` does not check that.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from api.errors import AppError, BadRequest, Invalid
from api.services.filenames import clean_filename
from api.validation_text import body_parse_problem, field_label
from core.i18n import _

MAX_FIELD_BYTES = 10_000
MAX_FIELDS = 20


class PayloadTooLarge(AppError):
    status = 413


class UnsupportedMedia(AppError):
    status = 415


@dataclass
class ReceivedFile:
    path: Path
    filename: str
    declared_type: str | None
    size: int
    sha256: str


@dataclass
class ReceivedForm:
    fields: dict[str, str] = field(default_factory=dict)
    file: ReceivedFile | None = None

    def discard(self) -> None:
        if self.file is not None:
            self.file.path.unlink(missing_ok=True)


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(_("msg.the_file_exceeds_the_limit_of", limit=limit))


def _disposition(raw: bytes) -> tuple[str, bytes | None]:
    """The part's field name and its raw ``filename`` bytes (None: not a file part).

    python-multipart reads the header as latin-1; back to the bytes the client sent, so the
    file name is decoded (strictly) by `clean_filename` alone."""
    _value, options = parse_options_header(raw)
    name = options.get(b"name", b"").decode("utf-8", "replace")
    return name, options.get(b"filename")


class _Collector:
    """python-multipart callbacks: fields in memory (bounded), the file part to `pending`."""

    def __init__(self, file_field: str, limit: int) -> None:
        self.file_field = file_field
        self.limit = limit
        self.form = ReceivedForm()
        self.pending: list[bytes] = []
        self.hasher = hashlib.sha256()
        self.size = 0
        self.headers: dict[str, bytes] = {}
        self._header = b""
        self._value = b""
        self._name = ""
        self._filename: bytes | None = None
        self.ended = False
        self._field = bytearray()
        self.file_name: str | None = None
        self.file_declared: str | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_end": self.on_end,
        }

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self._header.decode("latin-1").lower()] = self._value
        self._header, self._value = b"", b""

    def on_headers_finished(self) -> None:
        self._name, self._filename = _disposition(self.headers.get("content-disposition", b""))
        self._field.clear()
        if self._is_file():
            if self.file_name is not None:
                raise Invalid.field(self.file_field, _("msg.send_one_file_only"))
            assert self._filename is not None
            self.file_name = clean_filename(self._filename, field=self.file_field)
            raw = self.headers.get("content-type")
            self.file_declared = (
                None if raw is None else parse_options_header(raw)[0].decode("latin-1").lower()
            )

    def _is_file(self) -> bool:
        return self._name == self.file_field and self._filename is not None

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._is_file():
            self.size += len(chunk)
            if self.size > self.limit:
                raise too_large(self.limit)
            self.hasher.update(chunk)
            self.pending.append(chunk)
            return
        self._field += chunk
        if len(self._field) > MAX_FIELD_BYTES:
            raise Invalid.field(self._name or "form", _("msg.field_too_long"))

    def on_part_end(self) -> None:
        if not self._is_file():
            if self._name in self.form.fields:  # which of the two was meant cannot be told
                raise Invalid.field(self._name, _("form.field_repeated"))
            if len(self.form.fields) >= MAX_FIELDS:
                raise Invalid.field("form", _("msg.too_many_form_fields"))
            try:
                value = bytes(self._field).decode("utf-8")
            except UnicodeDecodeError:
                raise Invalid.field(self._name or "form", _("msg.field_not_utf8")) from None
            self.form.fields[self._name] = value
        self.headers = {}

    def on_end(self) -> None:
        self.ended = True


def _boundary(content_type: str | None) -> bytes:
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        if kind == b"multipart/form-data":
            error = body_parse_problem("boundary")
            raise BadRequest(error["message"], errors=[error])
        message = _("msg.the_request_must_be_multipart_form")
        worded = _("field.message", field=field_label("Content-Type"), message=message)
        raise UnsupportedMedia.field("Content-Type", worded)
    return boundary


async def receive_form(
    chunks: AsyncIterator[bytes], content_type: str | None, *, file_field: str, limit: int
) -> ReceivedForm:
    """Parse a multipart body; the caller must `discard()` the result when done with it."""
    collector = _Collector(file_field, limit)
    parser = MultipartParser(_boundary(content_type), callbacks=collector.callbacks())  # type: ignore[arg-type]
    handle, name = tempfile.mkstemp(prefix="tdkt-upload-")
    path = Path(name)
    try:
        async with await anyio.open_file(handle, "wb", closefd=True) as out:
            async for chunk in chunks:
                try:
                    parser.write(chunk)
                except MultipartParseError as exc:
                    error = body_parse_problem(str(exc))
                    raise BadRequest(error["message"], errors=[error]) from None
                for piece in collector.pending:
                    await out.write(piece)
                collector.pending.clear()
            parser.finalize()
        if not collector.ended:  # no closing boundary: the body was cut short
            raise BadRequest.field(file_field, _("msg.multipart_body_incomplete"))
    except BaseException:
        await anyio.Path(path).unlink(missing_ok=True)
        raise
    form = collector.form
    if collector.file_name is None:
        await anyio.Path(path).unlink(missing_ok=True)
        return form
    form.file = ReceivedFile(
        path=path,
        filename=collector.file_name,
        declared_type=collector.file_declared,
        size=collector.size,
        sha256=collector.hasher.hexdigest(),
    )
    return form


async def receive_file_bytes(
    chunks: AsyncIterator[bytes], content_type: str | None, *, file_field: str, limit: int
) -> bytes:
    """The one file of a small multipart form, in memory (its other fields are not used)."""
    form = await receive_form(chunks, content_type, file_field=file_field, limit=limit)
    try:
        if form.file is None or form.file.size == 0:
            raise Invalid.field(file_field, _("msg.the_file_is_missing_or_empty"))
        return await anyio.Path(form.file.path).read_bytes()
    finally:
        await anyio.to_thread.run_sync(form.discard)

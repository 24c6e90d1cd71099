"""`python -m bench.documents`: generation time of a 500-awardee decision (PDF + annex) and
the throughput of the upload pipeline (streamed multipart → SHA-256 → disk) and of the
blob store, on this machine. Prints a Markdown section for docs/benchmarks.md."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

from api.papers import content, fonts, pdf
from api.papers.content import Facts
from api.services.documents import annex_sheet
from api.services.uploads import receive_form
from domain.catalog import default_catalog
from store.blobs.local import LocalBlobStore
from store.repositories.dossiers import DossierRow, NomineeRow
from store.repositories.papers import OrgInfo

MIB = 1024 * 1024
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Đặng", "Bùi", "Đỗ")
GIVEN = ("Thị Hằng", "Văn Đức", "Quỳnh Anh", "Hữu Nghĩa", "Ngọc Ánh", "Thế Dũng", "Mỹ Ửng")


def sample_facts(count: int) -> Facts:
    """A decided GIAY_KHEN dossier with `count` awardees (Vietnamese names)."""
    nominees = [
        NomineeRow(
            id=f"HS-T-{i:03d}",
            kind="individual",
            name=f"{FAMILY_NAMES[i % 10]} {GIVEN[i % 7]} {i}",
            title="Giáo viên",
            outcome="approved",
            bonus_vnd=760_000,
        )
        for i in range(1, count + 1)
    ]
    decision = {"number": "125/QĐ-UBND", "date": "2026-12-01", "authority_org": "D", "bonus": []}
    row = DossierRow(
        id="HS-2026-BENCH",
        award_code="GIAY_KHEN",
        proposer_org="U",
        route=["unit", "district"],
        route_orgs=["D"],
        status="decided",
        round=1,
        summary="Hoàn thành xuất sắc nhiệm vụ",
        year=2026,
        round_code=None,
        late=False,
        stage=None,
        stage_org=None,
        due_at=None,
        overdue=False,
        created_at=datetime.now(UTC),
        version=3,
        nominees=nominees,
        decision=decision,
    )
    return Facts(
        row=row,
        award=default_catalog().get("GIAY_KHEN"),
        orgs={
            "U": OrgInfo("U", "Trường Tiểu học Lạc Vệ", "unit", "D"),
            "D": OrgInfo("D", "UBND huyện Tiên Du", "district", None),
        },
        chairs={"D": "Nguyễn Văn Ửng"},
        events=[],
        today=date(2026, 12, 1),
    )


def time_decision(count: int = 500, repeats: int = 3) -> tuple[float, int, int]:
    """Median seconds to render the decision PDF + annex XLSX; their sizes in bytes."""
    facts = sample_facts(count)
    family = fonts.register(fonts.font_dir(None))
    times, sizes = [], (0, 0)
    for _ in range(repeats):
        started = time.perf_counter()
        document = pdf.render_paper(content.quyet_dinh(facts), family)
        sheet = annex_sheet(facts)
        times.append(time.perf_counter() - started)
        sizes = (len(document), len(sheet))
    return statistics.median(times), *sizes


async def _multipart(size: int, boundary: bytes) -> AsyncIterator[bytes]:
    yield b"--" + boundary + b'\r\nContent-Disposition: form-data; name="kind"\r\n\r\nkhac\r\n'
    yield (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; '
        b'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-'
    )
    block, left = bytes(range(256)) * 256, size - 5
    while left > 0:
        yield block[: min(left, len(block))]
        left -= len(block)
    yield b"\r\n--" + boundary + b"--\r\n"


async def time_upload_and_store(size: int = 20 * MIB) -> tuple[float, float, float]:
    """MB/s of the upload receiver, of a blob store put and of a blob store read."""
    started = time.perf_counter()
    form = await receive_form(
        _multipart(size, b"b0undary"),
        "multipart/form-data; boundary=b0undary",
        file_field="file",
        limit=size,
    )
    receive_s = time.perf_counter() - started
    assert form.file is not None
    with tempfile.TemporaryDirectory() as folder:
        store = LocalBlobStore(Path(folder))

        async def chunks() -> AsyncIterator[bytes]:
            with form.file.path.open("rb") as handle:  # type: ignore[union-attr]
                while piece := handle.read(256 * 1024):
                    yield piece

        started = time.perf_counter()
        await store.put("bench/blob", chunks())
        put_s = time.perf_counter() - started
        started = time.perf_counter()
        read = sum([len(c) async for c in store.open("bench/blob")])
        open_s = time.perf_counter() - started
        assert read == size
    form.discard()
    mb = size / 1_000_000
    return mb / receive_s, mb / put_s, mb / open_s


def section() -> str:
    """The Markdown section of docs/benchmarks.md (also part of every `make bench`)."""
    seconds, pdf_bytes, xlsx_bytes = time_decision()
    receive, put, read = asyncio.run(time_upload_and_store())
    lines = [
        "## Documents",
        "",
        "| measurement | result | target |",
        "|---|---|---|",
        f"| 500-awardee quyết định PDF + annex XLSX | {seconds:.2f} s "
        f"({pdf_bytes // 1024} KiB + {xlsx_bytes // 1024} KiB) | ≤ 5 s |",
        f"| upload receiver, 20 MiB (multipart → SHA-256 → disk) | {receive:.0f} MB/s | — |",
        f"| local blob store write / read, 20 MiB | {put:.0f} / {read:.0f} MB/s | — |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.write(section())


if __name__ == "__main__":
    main()

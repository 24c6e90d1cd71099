"""What an official paper says, independent of its file format (ND30/2020 Appendix I)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths


@dataclass(frozen=True)
class Paper:
    """One paper: header block, title, body, signature block, optional annexed list."""

    issuer: str  # issuing body, upper case (e.g. "ỦY BAN NHÂN DÂN HUYỆN TIÊN DU")
    number: str  # "Số: 125/QĐ-UBND"
    place_date: str  # "Tiên Du, ngày 01 tháng 12 năm 2026"
    kind: str  # "QUYẾT ĐỊNH", "TỜ TRÌNH", "BIÊN BẢN"
    subject: str  # "Về việc tặng Giấy khen"
    paragraphs: tuple[str, ...]
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...] = ()
    parent_issuer: str | None = None
    addressee: str | None = None  # "Kính gửi: …" (tờ trình)
    annex: Table | None = None
    body_table: Table | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Certificate:
    """A Bằng khen / Giấy khen / title certificate for one awardee (landscape A4)."""

    issuer_title: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TIÊN DU"
    award_name: str  # "GIẤY KHEN"
    awardee: str
    awardee_detail: str
    achievement: str
    decision: str  # "Quyết định số 125/QĐ-UBND ngày 01/12/2026"
    place_date: str
    signer_title: str
    signer_name: str
    register_no: str


def place_date(place: str, on: date) -> str:
    """ "Tiên Du, ngày 05 tháng 3 năm 2026": ND30 Appendix I writes a leading zero for days
    below 10 and for the months 1 and 2 only."""
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def money(amount: int) -> str:
    """1170000 → "1.170.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def percent(value: float, digits: int | None = None) -> str:
    """90.0 → "90,0 %" (decimal comma, a space before the sign: Vietnamese usage). Without
    ``digits``, a whole number is written whole ("80 %") and any other with one decimal."""
    if digits is None:
        digits = 0 if abs(value - round(value)) < 1e-9 else 1
    return f"{value:.{digits}f}".replace(".", ",") + " %"

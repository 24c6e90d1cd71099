"""Spans of time: N working days (``"20wd"``) or an ISO-8601 duration (``"PT5S"``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta


class SpanError(ValueError):
    """A span string is malformed."""


@dataclass(frozen=True)
class Span:
    """Exactly one of ``working_days`` (≥ 0) or ``duration`` (≥ 0) is set."""

    working_days: int | None = None
    duration: timedelta | None = None

    def __post_init__(self) -> None:
        if (self.working_days is None) == (self.duration is None):
            raise SpanError("a span needs exactly one of working_days or duration")
        if self.working_days is not None and self.working_days < 0:
            raise SpanError(f"working days must be >= 0, got {self.working_days}")
        if self.duration is not None and self.duration < timedelta(0):
            raise SpanError(f"duration must be >= 0, got {self.duration}")

    def __str__(self) -> str:
        if self.working_days is not None:
            return f"{self.working_days}wd"
        assert self.duration is not None
        return format_duration(self.duration)


_WD = re.compile(r"(\d+)\s*wd")
_ISO = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def parse_duration(text: str) -> timedelta:
    """Parse an ISO-8601 duration with weeks, days, hours, minutes and seconds.

    Years and months are refused: their length in days is ambiguous.
    """
    match = _ISO.fullmatch(text.strip().upper())
    if match is None or text.strip().upper() in ("P", "PT") or text.strip().upper().endswith("T"):
        raise SpanError(f"not an ISO-8601 duration (weeks/days/hours/minutes/seconds): {text!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v is not None}
    if not parts:
        raise SpanError(f"empty ISO-8601 duration: {text!r}")
    return timedelta(**parts)


def format_duration(value: timedelta) -> str:
    """ISO-8601 text of a non-negative timedelta, e.g. ``P1DT2H`` or ``PT5S``."""
    seconds = value.total_seconds()
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    fraction = seconds - int(seconds)
    time_part = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    if secs or fraction:
        time_part += f"{secs + fraction:g}S"
    text = "P" + (f"{days}D" if days else "")
    if time_part:
        text += "T" + time_part
    return text if text != "P" else "PT0S"


def parse_span(text: str) -> Span:
    """``"<N>wd"`` → working days; otherwise an ISO-8601 duration (``"PT5S"``, ``"P1DT2H"``)."""
    if not isinstance(text, str):
        raise SpanError(f"a span must be a string, got {text!r}")
    wd = _WD.fullmatch(text.strip().lower())
    if wd is not None:
        return Span(working_days=int(wd.group(1)))
    return Span(duration=parse_duration(text))

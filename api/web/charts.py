"""Server-side SVG charts: the geometry here, the markup in ``templates/partials/charts.html``.

No chart library: horizontal bars and donuts are a few rectangles and circle arcs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.i18n import fmt_percent

PALETTE = ("#0b5cad", "#1e7b34", "#b3261e", "#a15c00", "#6b4fa3", "#00838f", "#5b6776", "#c2185b")
BAR_ROW = 26
BAR_LABEL = 170
BAR_SPACE = 190
BAR_WIDTH = BAR_LABEL + BAR_SPACE + 90


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    length: float
    color: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_x: int
    bar_x: int


def bar_chart(
    items: Sequence[tuple[str, float, str]],
    *,
    color: str = PALETTE[0],
    maximum: float | None = None,
) -> BarChart:
    """``items`` are (label, value, value as shown); bars scale to ``maximum`` or the largest."""
    top = maximum if maximum is not None else max((v for _, v, _ in items), default=0.0)
    bars = tuple(
        Bar(
            label=label,
            value=shown,
            y=index * BAR_ROW,
            length=0.0 if top <= 0 else max(2.0, BAR_SPACE * value / top) if value > 0 else 0.0,
            color=color,
        )
        for index, (label, value, shown) in enumerate(items)
    )
    return BarChart(
        bars=bars,
        width=BAR_WIDTH,
        height=max(BAR_ROW, BAR_ROW * len(bars)),
        label_x=BAR_LABEL - 8,
        bar_x=BAR_LABEL,
    )


@dataclass(frozen=True)
class Slice:
    label: str
    value: int
    share: str
    color: str
    dash: str
    offset: float


@dataclass(frozen=True)
class Donut:
    slices: tuple[Slice, ...]
    total: int
    radius: float
    circumference: float
    centre: str  # the figure shown in the hole


DONUT_RADIUS = 60.0


def donut(items: Sequence[tuple[str, int]], *, centre: str | None = None) -> Donut:
    """Slices as stroked circle arcs (``stroke-dasharray``), clockwise from 12 o'clock."""
    total = sum(v for _, v in items)
    circumference = 2 * math.pi * DONUT_RADIUS
    slices = []
    start = 0.0
    for index, (label, value) in enumerate(items):
        if value <= 0:
            continue
        length = circumference * value / total
        slices.append(
            Slice(
                label=label,
                value=value,
                share=fmt_percent(value / total, digits=0),
                color=PALETTE[index % len(PALETTE)],
                dash=f"{length:.2f} {circumference - length:.2f}",
                offset=round(-start, 2),
            )
        )
        start += length
    return Donut(
        slices=tuple(slices),
        total=total,
        radius=DONUT_RADIUS,
        circumference=circumference,
        centre=centre if centre is not None else str(total),
    )

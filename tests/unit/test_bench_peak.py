"""The peak report compares the decision rate early and late in the same run, so a chain that
slows as its tables grow shows up without a second run to compare against."""

from __future__ import annotations

from dataclasses import replace

from bench.peak import PeakResult
from bench.peak_scale import verdict
from bench.stats import Summary


def _peak(decided_at: list[float]) -> PeakResult:
    none = Summary.of_seconds([])
    return PeakResult(
        dossiers=len(decided_at),
        nominees=6,
        wall_s=decided_at[-1] if decided_at else 1.0,
        create=none,
        district=none,
        province=none,
        decided=len(decided_at),
        history_events=0,
        actions=0,
        action_kinds={},
        rss_peak_mib={},
        rss_end_mib={},
        cpu_s={},
        db_bytes_before=0,
        db_bytes_after=0,
        decided_at=tuple(decided_at),
    )


def test_a_steady_chain_decides_as_fast_late_as_early() -> None:
    steady = _peak([i / 10 for i in range(1, 1001)])  # ten a second throughout
    assert round(steady.rate_between(0.1, 0.2), 6) == 10.0
    assert round(steady.rate_between(0.8, 0.9), 6) == 10.0


def test_a_chain_that_slows_shows_a_lower_late_rate() -> None:
    t, times = 0.0, []
    for i in range(1000):
        t += 0.1 if i < 500 else 0.2  # half the speed in the second half
        times.append(t)
    slowing = _peak(times)
    assert round(slowing.rate_between(0.1, 0.2), 6) == 10.0
    assert round(slowing.rate_between(0.8, 0.9), 6) == 5.0


def test_too_few_decisions_give_no_rate() -> None:
    assert _peak([1.0]).rate_between(0.1, 0.2) == 0.0
    assert _peak([]).rate_between(0.8, 0.9) == 0.0


def test_the_national_peak_is_met_only_without_a_slow_down() -> None:
    small = _peak([i / 10 for i in range(1, 101)])
    steady = _peak([i / 10 for i in range(1, 1001)])
    assert verdict(small, steady)[0] is False  # no actions counted: no rate to keep
    small = replace(small, actions=9 * len(small.decided_at))
    steady = replace(steady, actions=9 * len(steady.decided_at))
    met, measured = verdict(small, steady)
    assert met, measured
    assert "1.00×" in measured
    t, times = 0.0, []
    for i in range(1000):
        t += 0.1 if i < 500 else 0.2
        times.append(t)
    slowing = replace(_peak(times), actions=9000)
    assert verdict(small, slowing)[0] is False
    unfinished = replace(steady, decided=999)
    assert verdict(small, unfinished)[0] is False

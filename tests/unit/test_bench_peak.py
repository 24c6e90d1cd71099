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


def _times(steps: list[float]) -> list[float]:
    """Decision times from the gaps between consecutive decisions."""
    t, times = 0.0, []
    for step in steps:
        t += step
        times.append(t)
    return times


def test_the_trend_ignores_one_noisy_tenth_but_not_a_steady_slow_down() -> None:
    # ten a second, but the 9th tenth alone at 8 a second (one slow minute of the machine)
    noisy = _peak(_times([0.125 if 800 <= i < 900 else 0.1 for i in range(1000)]))
    early, late = noisy.tenths
    assert late / early < 0.9  # the raw tenths would call it a slow-down
    fitted_early, fitted_late = noisy.trend
    assert fitted_late / fitted_early > 0.95
    # the rate falls a little in every tenth: 10/s down to 8.6/s
    slowing = _peak(_times([1 / (10 - 0.2 * (i // 100)) for i in range(1000)]))
    fitted_early, fitted_late = slowing.trend
    assert fitted_late / fitted_early < 0.9
    assert _peak([1.0]).trend == (0.0, 0.0)


def test_the_national_peak_is_met_only_without_a_slow_down() -> None:
    small = _peak([i / 10 for i in range(1, 101)])
    steady = _peak([i / 10 for i in range(1, 1001)])
    assert verdict(small, steady, small)[0] is False  # no actions counted: no rate to keep
    small = replace(small, actions=9 * len(small.decided_at))
    steady = replace(steady, actions=9 * len(steady.decided_at))
    met, measured = verdict(small, steady, small)
    assert met, measured
    assert "1.00× their mean" in measured
    # the machine slowed by 10 % between the small runs: the large one sits between them
    slower = replace(small, wall_s=small.wall_s / 0.9)
    drifting = replace(steady, wall_s=steady.wall_s / 0.95)
    assert verdict(small, drifting, slower)[0] is True
    # slower than both small runs
    assert verdict(small, replace(steady, wall_s=steady.wall_s / 0.85), small)[0] is False
    slowing = replace(_peak(_times([0.1 if i < 500 else 0.2 for i in range(1000)])), actions=9000)
    assert verdict(small, slowing, small)[0] is False
    unfinished = replace(steady, decided=999)
    assert verdict(small, unfinished, small)[0] is False


def test_cpu_per_decision_shows_which_process_costs_more_late() -> None:
    # ten decisions a second; the worker's CPU per second doubles after 50 s, the API's stays
    run = _peak([i / 10 for i in range(1, 1001)])
    timeline = []
    worker = 0.0
    for s in range(0, 101):
        timeline.append((float(s), {"worker": worker, "api": 0.2 * s}))
        worker += 0.3 if s < 50 else 0.6
    run = replace(run, cpu_at=tuple(timeline))
    early, late = run.cpu_between(0.1, 0.2), run.cpu_between(0.8, 0.9)
    assert round(early["worker"], 3) == 30.0
    assert round(late["worker"], 3) == 60.0
    assert round(early["api"], 3) == round(late["api"], 3) == 20.0
    assert _peak([i / 10 for i in range(1, 1001)]).cpu_between(0.1, 0.2) == {}

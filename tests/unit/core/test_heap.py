"""The API and the worker keep their start-up heap out of the collector's full passes: a full
pass over it cost 40–175 ms in the middle of a request (`core/heap.py`)."""

from __future__ import annotations

import gc
import signal
import weakref

import pytest
import uvicorn

from api import __main__ as api_main
from core.heap import freeze_startup_heap
from core.settings import get_settings


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_garbage_is_collected_before_the_rest_is_frozen() -> None:
    gc.unfreeze()
    kept = _Node()
    dropped = _Node()
    gone = weakref.ref(dropped)
    del dropped
    try:
        frozen = freeze_startup_heap()
        assert gone() is None  # collected, not frozen forever
        # frozen objects only leave the permanent generation when they die (another thread of
        # this test process may free a few meanwhile); none joins it without another freeze
        assert 0 < gc.get_freeze_count() <= frozen
        assert not any(o is kept for o in gc.get_objects())  # exempt from every generation
    finally:
        gc.unfreeze()


def test_python_m_api_freezes_its_start_up_heap_before_serving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`python -m api` freezes after building the app, before uvicorn serves it (an app
    started inside another process, as the tests do, leaves that process's collector alone)."""
    seen: list[int] = []
    monkeypatch.setenv("TDKT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/unused")
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **_k: seen.append(gc.get_freeze_count()))
    monkeypatch.setattr(signal, "signal", lambda *_a: None)
    monkeypatch.setattr(api_main, "configure_logging", lambda **_k: None)  # the suite's own
    get_settings.cache_clear()
    gc.unfreeze()
    try:
        assert api_main.main() == 0
        assert len(seen) == 1
        assert seen[0] > 100_000  # FastAPI, pydantic, SQLAlchemy, temporalio…
    finally:
        gc.unfreeze()
        get_settings.cache_clear()

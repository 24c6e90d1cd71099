"""Long-lived processes keep the objects of their start out of the collector's full passes.

After imports and start-up the API's heap holds ~260,000 objects (FastAPI, pydantic,
SQLAlchemy, temporalio, the catalogues) that live as long as the process. CPython's oldest
generation is collected whenever enough new objects have survived, and each such pass walks all
of them again: 40–175 ms on these machines, paid by whichever request is running then (the
slowest requests of `make bench --scale`). `gc.freeze()` after start-up moves them to a
permanent generation the collector skips, as CPython's documentation advises for servers;
everything created later is collected as before, and nothing of the start is garbage
(`gc.collect()` runs first).
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> int:
    """Collect once, then exempt every surviving object from later collections; how many."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()

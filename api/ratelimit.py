"""An in-memory sliding-window rate limiter keyed by client address (one per API process).

Used for the anonymous objection endpoint: `OBJECTIONS_PER_WINDOW` objections per client address
per `WINDOW_SECONDS`. Behind several API replicas the effective limit multiplies by their number.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field

from api.errors import TooManyRequests

OBJECTIONS_PER_WINDOW = 5
WINDOW_SECONDS = 600.0
MAX_TRACKED = 10_000


@dataclass
class RateLimiter:
    limit: int = OBJECTIONS_PER_WINDOW
    window: float = WINDOW_SECONDS
    _hits: dict[str, deque[float]] = field(default_factory=dict)

    def hit(self, key: str, *, now: float | None = None) -> None:
        """Count one request for `key`; 429 when the window is already full."""
        at = time.monotonic() if now is None else now
        hits = self._hits.setdefault(key, deque())
        while hits and at - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            retry = max(1, math.ceil(self.window - (at - hits[0])))
            raise TooManyRequests(
                f"Quá {self.limit} ý kiến trong {int(self.window // 60)} phút từ cùng một địa chỉ; "
                f"thử lại sau {retry} giây / More than {self.limit} objections in "
                f"{int(self.window // 60)} minutes from one address; retry in {retry} s",
                retry_after=retry,
            )
        hits.append(at)
        if len(self._hits) > MAX_TRACKED:
            self._forget_idle(at)

    def _forget_idle(self, at: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or at - v[-1] >= self.window]:
            del self._hits[key]

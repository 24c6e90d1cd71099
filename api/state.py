"""Resources shared by every request: built once in the lifespan, stored on `app.state`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.client import Client

from api.ratelimit import RateLimiter
from core.settings import Settings
from core.temporal import connect_temporal


@dataclass
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    dossier_outcomes: Counter

    @classmethod
    def create(cls) -> Metrics:
        registry = CollectorRegistry()
        return cls(
            registry=registry,
            requests=Counter(
                "tdkt_http_requests",
                "HTTP requests by method, route and status",
                ["method", "route", "status"],
                registry=registry,
            ),
            latency=Histogram(
                "tdkt_http_request_seconds",
                "HTTP request latency",
                ["method", "route"],
                registry=registry,
            ),
            dossier_outcomes=Counter(
                "tdkt_dossier_actions",
                "Dossier commands accepted by the API (create, approve, return, reject, ...)",
                ["action"],
                registry=registry,
            ),
        )


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    # autocommit sessions for plain reads and one-statement writes (store.db.make_read_sessionmaker)
    reads: async_sessionmaker[AsyncSession]
    metrics: Metrics
    objection_limiter: RateLimiter = field(default_factory=RateLimiter)
    # Task queue → monotonic time until which a seen worker is trusted (temporal_gateway).
    worker_seen_until: dict[str, float] = field(default_factory=dict)
    _temporal: Client | None = None
    _temporal_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def temporal(self) -> Client:
        """The shared Temporal client, connected on first use (so the API starts without it)."""
        if self._temporal is None:
            async with self._temporal_lock:
                if self._temporal is None:
                    self._temporal = await asyncio.wait_for(connect_temporal(self.settings), 5)
        return self._temporal

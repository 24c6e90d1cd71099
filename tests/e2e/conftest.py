"""The e2e tests reuse the API test stack: real app, PostgreSQL, Temporal dev server, worker."""

from tests.api.conftest import api_settings, app, client, worker, world

__all__ = ["api_settings", "app", "client", "worker", "world"]

"""Run-time settings: one `Settings` class read from `TDKT_*` environment variables.

Never instantiated at import time: entrypoints call `get_settings()` and pass the object down.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_ADMIN_PASSWORD = "admin"
DEV_JWT_SECRET = "tdkt-development-secret-change-me"


class Settings(BaseSettings):
    """Every knob of tdkt. Field names map to `TDKT_<NAME>` variables."""

    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    log_level: str = "INFO"
    data_dir: Path = Path("var")
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=1, le=65535)
    # How long the API keeps an idle keep-alive connection open. Longer than any client's or
    # proxy's own idle timeout (60 s for most load balancers), so the client always closes
    # first: a server that closes first races a client sending its next request on the same
    # connection, and that request fails with no answer (uvicorn's default is 5 s, httpx's 5 s).
    http_keep_alive_seconds: int = Field(default=75, ge=1, le=3600)
    temporal_port: int = Field(default=7233, ge=1, le=65535)
    postgres_port: int | None = Field(default=None, ge=1, le=65535)
    database_url: str | None = None
    temporal_address: str | None = None
    temporal_namespace: str = "default"
    task_queue: str = "tdkt-dossiers"
    admin_password: SecretStr = SecretStr(DEV_ADMIN_PASSWORD)
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_ttl_minutes: int = Field(default=480, ge=1)
    # Login throttle (per account and per client address, shared by every replica): after
    # `login_free_failures` failures each further one doubles a delay starting at
    # `login_delay_seconds` (capped at `login_max_delay_seconds`); the account locks at
    # `login_lock_after` failures until an admin unlocks it. An address never locks.
    login_free_failures: int = Field(default=5, ge=1)
    login_lock_after: int = Field(default=10, ge=2)
    login_delay_seconds: float = Field(default=1.0, gt=0, le=3600)
    login_max_delay_seconds: float = Field(default=900.0, gt=0, le=86_400)
    login_ip_free_failures: int = Field(default=20, ge=1)
    # Single sign-on through an OpenID Connect provider (off unless the issuer is set). The
    # provider's `oidc_username_claim` must equal an existing, active tdkt username.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_username_claim: str = "preferred_username"
    sla_policy: Path | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "tdkt@localhost"
    seed_demo: bool = True
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    # Attachments (contract §13): the upload limit, and where the bytes live.
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    blob_backend: Literal["local", "s3"] = "local"
    s3_endpoint_url: str | None = None
    s3_bucket: str = "tdkt"
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    # Fernet key (urlsafe base64, 32 bytes) encrypting the orgs' PKCS#12 files at rest;
    # derived from TDKT_JWT_SECRET when unset (set its own in production).
    secrets_key: SecretStr | None = None
    # Folder of the Times New Roman-metric fonts of the generated papers (Liberation Serif).
    fonts_dir: Path | None = None
    otel_exporter_endpoint: str | None = None
    # Connections of the API's pool (as many again may overflow); budget max_connections by it.
    db_pool_size: int = Field(default=10, ge=1, le=500)
    max_concurrent_workflow_tasks: int = Field(default=100, ge=1)
    max_concurrent_activities: int = Field(default=50, ge=1)
    # Workflows the worker keeps in memory between their tasks (the SDK's sticky cache); one
    # evicted must replay its whole history at its next task.
    max_cached_workflows: int = Field(default=10_000, ge=0)
    # Long polls for workflow tasks, and the share of them on the normal (non-sticky) queue,
    # where a new dossier's first task (its create) arrives; the rest poll the sticky queue.
    workflow_task_pollers: int = Field(default=10, ge=2, le=100)
    nonsticky_poll_ratio: float = Field(default=0.5, gt=0, le=1)
    metrics_port: int | None = Field(default=None, ge=1, le=65535)

    @field_validator("database_url")
    @classmethod
    def _normalise_dsn(cls, value: str | None) -> str | None:
        """Accept plain `postgresql://` URLs and use the psycopg 3 driver for them."""
        if value is None or value == "":
            return None
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env == "production":
            if self.admin_password.get_secret_value() == DEV_ADMIN_PASSWORD:
                raise ValueError(
                    "TDKT_ADMIN_PASSWORD must be set to a non-default value in production"
                )
            if self.jwt_secret.get_secret_value() == DEV_JWT_SECRET:
                raise ValueError("TDKT_JWT_SECRET must be set in production")
        return self

    @property
    def blob_dir(self) -> Path:
        """Where the local blob backend keeps attachments and signed papers."""
        return self.data_dir / "blobs"

    @property
    def log_json(self) -> bool:
        return self.env == "production"

    @property
    def temporal_target(self) -> str:
        """The Temporal frontend to use: an external cluster, else the local dev server."""
        return self.temporal_address or f"127.0.0.1:{self.temporal_port}"

    @property
    def temporal_ui_port(self) -> int:
        return self.temporal_port + 1000


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment on first use."""
    return Settings()

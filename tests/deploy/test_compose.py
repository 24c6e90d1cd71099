"""deploy/compose.yaml without Docker: schema-valid, correctly ordered, complete, consistent.

`docker compose config` cannot run here (no engine, no compose plugin), so the same checks are
made offline: interpolation with deploy/.env.example, the compose-spec JSON schema (vendored by
the `check-jsonschema` package), then the properties the stack relies on.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from importlib import resources
from typing import Any

import jsonschema
import pytest

from core.settings import Settings
from tests.deploy.compose_model import (
    InterpolationError,
    all_variables,
    depends_on,
    env_mapping,
    interpolate,
)
from tests.deploy.conftest import DEPLOY, ROOT

TDKT_SERVICES = ("migrate", "api", "worker")


def compose_schema() -> dict[str, Any]:
    text = (
        resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "compose-spec.json"
    ).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_compose_file_matches_the_compose_spec_schema(compose: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(compose_schema())
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_schema_check_rejects_a_broken_file(compose: dict[str, Any]) -> None:
    """The validator is live: a misspelt key and an unknown condition are both reported."""
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["helthcheck"] = {}
    broken["services"]["worker"]["depends_on"]["migrate"]["condition"] = "service_done"
    validator = jsonschema.Draft202012Validator(compose_schema())
    messages = [e.message for e in validator.iter_errors(broken)]
    assert any("helthcheck" in m for m in messages)
    assert any("service_done" in m for m in messages)


def test_required_secrets_must_be_set(compose_raw: dict[str, Any]) -> None:
    """Without deploy/.env compose refuses to start instead of using empty passwords."""
    with pytest.raises(InterpolationError, match=r"POSTGRES_PASSWORD|TDKT_DB_PASSWORD"):
        interpolate(compose_raw, {})


def test_env_example_covers_every_variable_and_nothing_else(
    compose_raw: dict[str, Any], env_example: dict[str, str]
) -> None:
    used = all_variables(compose_raw)
    assert sorted(used - env_example.keys()) == [], "add these to deploy/.env.example"
    assert sorted(env_example.keys() - used) == [], "stale keys in deploy/.env.example"


def test_services_and_official_images(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "temporal", "temporal-schema", "temporal-ui", *TDKT_SERVICES} <= set(
        services
    )
    assert services["temporal"]["image"].startswith("temporalio/server:")
    assert services["temporal-schema"]["image"].startswith("temporalio/admin-tools:")
    assert services["temporal-ui"]["image"].startswith("temporalio/ui:")
    assert services["postgres"]["image"].startswith("postgres:")
    temporal_env = env_mapping(services["temporal"])
    assert temporal_env["DB"] == "postgres12"
    assert temporal_env["POSTGRES_SEEDS"] == "postgres"
    assert env_mapping(services["temporal-schema"])["POSTGRES_SEEDS"] == "postgres"


def test_start_order_migrations_before_code(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        for target in depends_on(service):
            assert target in services, f"{name} depends on unknown service {target}"
    assert depends_on(services["temporal-schema"]) == {"postgres": "service_healthy"}
    assert depends_on(services["temporal"]) == {"temporal-schema": "service_completed_successfully"}
    assert depends_on(services["migrate"]) == {"postgres": "service_healthy"}
    for name in ("api", "worker"):
        deps = depends_on(services[name])
        assert deps["migrate"] == "service_completed_successfully", name
        assert deps["temporal-namespace"] == "service_completed_successfully", name
    assert services["migrate"]["restart"] == "no"
    assert "tdkt migrate" in " ".join(services["migrate"]["command"])
    _assert_acyclic(services)


def _assert_acyclic(services: dict[str, Any]) -> None:
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert state.get(name) != "open", f"dependency cycle: {' -> '.join((*path, name))}"
        if state.get(name) == "done":
            return
        state[name] = "open"
        for target in depends_on(services[name]):
            visit(target, (*path, name))
        state[name] = "done"

    for name in services:
        visit(name, ())


def test_health_checks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("postgres", "temporal", "api", "worker"):
        check = services[name].get("healthcheck")
        assert check, f"{name} has no healthcheck"
        assert check["test"], f"{name} has an empty healthcheck"
    for name, service in services.items():
        for target, condition in depends_on(service).items():
            if condition == "service_healthy":
                assert "healthcheck" in services[target], f"{name} waits for {target}'s health"
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])


def test_replicas_and_ports(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("api", "worker"):
        assert services[name]["deploy"]["replicas"] == 2, name
        assert "container_name" not in services[name], f"{name} is replicated"
    (api_port,) = services["api"]["ports"]
    match = re.fullmatch(r"(?:[\d.]+:)?(\d+)-(\d+):8000", api_port)
    assert match, f"two API replicas need a host port range, got {api_port}"
    assert int(match[2]) - int(match[1]) + 1 >= services["api"]["deploy"]["replicas"]
    host_ports = [
        p.rsplit(":", 1)[0] for s in services.values() for p in s.get("ports", []) if ":" in p
    ]
    assert len(host_ports) == len(set(host_ports)), f"host port clash: {host_ports}"


def test_tdkt_services_share_one_image_and_valid_settings(compose: dict[str, Any]) -> None:
    """Every TDKT_* variable is a Settings field (or announced), and the values load."""
    services = compose["services"]
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = set(re.findall(r"(?im)^FROM\s+\S+\s+AS\s+(\S+)", dockerfile))
    known = set(Settings.model_fields)
    for name in TDKT_SERVICES:
        service = services[name]
        assert service["build"]["target"] in stages, name
        assert (ROOT / service["build"]["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
        env = env_mapping(service)
        unknown = sorted(k for k in env if k.startswith("TDKT_") and k[5:].lower() not in known)
        assert unknown == [], f"{name}: not tdkt settings: {unknown}"
        tdkt_env = {k: v for k, v in env.items() if k.startswith("TDKT_")}
        settings = _settings_from(tdkt_env)
        assert settings.env == "production"
        assert settings.database_url is not None
        assert settings.database_url.startswith("postgresql+psycopg://tdkt:")
        assert settings.temporal_target == "temporal:7233"


def _settings_from(env: dict[str, str]) -> Settings:
    saved = {k: v for k, v in os.environ.items() if k.startswith("TDKT_")}
    try:
        for key in saved:
            del os.environ[key]
        os.environ.update(env)
        return Settings()
    finally:
        for key in env:
            os.environ.pop(key, None)
        os.environ.update(saved)


def test_mounted_files_exist_and_scripts_parse(compose: dict[str, Any]) -> None:
    named = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                path = (DEPLOY / source).resolve()
                assert path.exists(), f"{name}: {source} does not exist"
                if path.suffix == ".sh":
                    assert os.access(path, os.X_OK), f"{source} is not executable"
                    subprocess.run(["sh", "-n", str(path)], check=True)
            else:
                assert source in named, f"{name}: volume {source} is not declared"

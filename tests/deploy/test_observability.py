"""Prometheus scrape configs and the Grafana dashboard point at metrics that really exist."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from prometheus_client import generate_latest

from api.state import Metrics
from tests.deploy.compose_model import env_mapping
from tests.deploy.conftest import DEPLOY

OBS = DEPLOY / "observability"
DASHBOARD = json.loads((OBS / "grafana" / "dashboards" / "tdkt.json").read_text(encoding="utf-8"))
# Metric families of the Temporal Core SDK's Prometheus exporter (counters have no `_total`;
# durations in seconds with `durations_as_seconds=True`), as scraped from a temporalio 1.35 worker.
TEMPORAL_SDK_METRICS = {
    "temporal_activity_execution_failed",
    "temporal_activity_execution_latency",
    "temporal_activity_schedule_to_start_latency",
    "temporal_num_pollers",
    "temporal_request",
    "temporal_request_failure",
    "temporal_sticky_cache_hit",
    "temporal_sticky_cache_size",
    "temporal_worker_task_slots_available",
    "temporal_workflow_completed",
    "temporal_workflow_endtoend_latency",
    "temporal_workflow_failed",
    "temporal_workflow_task_execution_latency",
    "temporal_workflow_task_replay_latency",
    "temporal_workflow_task_schedule_to_start_latency",
}


def _exprs() -> list[str]:
    exprs = []
    for panel in DASHBOARD["panels"]:
        exprs += [t["expr"] for t in panel.get("targets", [])]
    return exprs


def _metric_names(expr: str) -> set[str]:
    return set(re.findall(r"\b((?:tdkt|temporal)_[a-z0-9_]+)\b", expr))


def _exposed_tdkt_families() -> set[str]:
    metrics = Metrics.create()
    metrics.requests.labels("GET", "/readyz", "200").inc()
    metrics.latency.labels("GET", "/readyz").observe(0.01)
    metrics.dossier_outcomes.labels("approve").inc()
    text = generate_latest(metrics.registry).decode()
    return {line.split("{")[0].split()[0] for line in text.splitlines() if line[:1] != "#"}


def test_dashboard_queries_only_metrics_the_api_exposes() -> None:
    exposed = _exposed_tdkt_families()
    used = set().union(*map(_metric_names, _exprs()))
    tdkt_used = {m for m in used if m.startswith("tdkt_")}
    assert tdkt_used <= exposed, f"not exposed by the API: {tdkt_used - exposed}"
    for family in ("tdkt_http_requests", "tdkt_http_request_seconds", "tdkt_dossier_actions"):
        assert any(m.startswith(family) for m in tdkt_used), f"no panel for {family}"


def test_dashboard_queries_temporal_sdk_metrics_by_their_real_names() -> None:
    used = set().union(*map(_metric_names, _exprs()))
    temporal = {re.sub(r"_(bucket|sum|count)$", "", m) for m in used if m.startswith("temporal_")}
    assert temporal, "no Temporal SDK panels"
    assert temporal <= TEMPORAL_SDK_METRICS, temporal - TEMPORAL_SDK_METRICS
    assert "temporal_workflow_task_schedule_to_start_latency" in temporal


def test_dashboard_is_well_formed() -> None:
    assert DASHBOARD["uid"]
    assert DASHBOARD["title"]
    ids = [p["id"] for p in DASHBOARD["panels"]]
    assert len(ids) == len(set(ids))
    variables = {v["name"] for v in DASHBOARD["templating"]["list"]}
    assert {"datasource", "namespace", "task_queue"} <= variables
    for panel in DASHBOARD["panels"]:
        assert {"h", "w", "x", "y"} <= panel["gridPos"].keys()
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        for target in panel.get("targets", []):
            expr = target["expr"]
            assert expr.count("(") == expr.count(")"), expr
            assert expr.count("{") == expr.count("}"), expr
            for var in re.findall(r"\$(\w+)", expr):
                assert var in variables, f"undefined variable ${var} in {expr}"


def test_compose_scrape_targets_match_the_services(compose: dict[str, Any]) -> None:
    config = yaml.safe_load((OBS / "prometheus.yml").read_text(encoding="utf-8"))
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert len(jobs) == len(config["scrape_configs"])
    services = compose["services"]
    api = jobs["tdkt-api"]["dns_sd_configs"][0]
    assert api["names"] == ["api"]
    assert api["port"] == int(env_mapping(services["api"])["TDKT_HTTP_PORT"])
    worker = jobs["tdkt-worker"]["dns_sd_configs"][0]
    assert worker["names"] == ["worker"]
    assert worker["port"] == int(env_mapping(services["worker"])["TDKT_METRICS_PORT"])
    (target,) = jobs["temporal-server"]["static_configs"][0]["targets"]
    host, port = target.split(":")
    assert host in services
    assert env_mapping(services[host])["PROMETHEUS_ENDPOINT"].endswith(f":{port}")
    mounts = " ".join(services["prometheus"]["volumes"])
    assert "./observability/prometheus.yml:/etc/prometheus/prometheus.yml" in mounts


def test_grafana_provisioning_points_at_the_dashboard(compose: dict[str, Any]) -> None:
    provider = yaml.safe_load(
        (OBS / "grafana" / "provisioning" / "dashboards" / "tdkt.yml").read_text(encoding="utf-8")
    )
    path = provider["providers"][0]["options"]["path"]
    mounts = dict(v.split(":")[:2] for v in compose["services"]["grafana"]["volumes"])
    assert mounts["./observability/grafana/dashboards"] == path
    datasource = yaml.safe_load(
        (OBS / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text(
            encoding="utf-8"
        )
    )
    assert (
        datasource["datasources"][0]["uid"]
        == DASHBOARD["templating"]["list"][0]["current"]["value"]
    )


def test_kubernetes_scrape_job_uses_the_chart_annotations() -> None:
    config = yaml.safe_load((OBS / "scrape-kubernetes.yml").read_text(encoding="utf-8"))
    text = json.dumps(config)
    chart = (DEPLOY / "helm" / "tdkt" / "templates" / "api-deployment.yaml").read_text()
    for annotation in ("scrape", "port", "path"):
        assert f"prometheus.io/{annotation}" in chart
        assert f"__meta_kubernetes_pod_annotation_prometheus_io_{annotation}" in text

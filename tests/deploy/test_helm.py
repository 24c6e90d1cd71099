"""deploy/helm/tdkt: `helm lint`, `helm template` (Helm's own Go engine from the
`helm-python-sdk` wheel, no cluster) and the rendered manifests validated against the
Kubernetes OpenAPI schemas shipped by `kubernetes-validate` (strict: unknown fields fail)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import helm_python as helm
import kubernetes_validate  # type: ignore[import-untyped]  # ships no type information
import pytest
import yaml

from core.settings import Settings
from tests.deploy.conftest import DEPLOY

CHART = DEPLOY / "helm" / "tdkt"
KUBE_VERSIONS = ("1.27.0", "1.33.0")
CHART_SECRETS = {
    "secrets": {
        "databaseUrl": "postgresql://tdkt:pw@pg.example.internal:5432/tdkt?sslmode=require",
        "adminPassword": "Helm-Admin-1",
        "jwtSecret": "a-long-random-jwt-secret-for-tests-only",
    }
}
NATIONAL = yaml.safe_load((CHART / "values-national.yaml").read_text(encoding="utf-8"))


def render(values: dict[str, Any], *, upgrade: bool = False) -> list[dict[str, Any]]:
    with helm.Chart.load(str(CHART)) as chart:
        out = chart.render(
            values, name="tdkt", namespace="tdkt", is_install=not upgrade, is_upgrade=upgrade
        )
    docs = []
    for path, text in sorted(out.items()):
        if path.endswith(".txt"):
            continue
        docs += [d for d in yaml.safe_load_all(text) if d]
    return docs


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def containers(docs: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job"):
            pod = doc["spec"]["template"]["spec"]
            for container in pod["containers"]:
                yield doc["metadata"]["name"], pod, container


@pytest.mark.parametrize(
    "values", [CHART_SECRETS, NATIONAL], ids=["chart-made-secrets", "values-national"]
)
def test_helm_lint_strict_is_clean(values: dict[str, Any]) -> None:
    report = helm.lint(str(CHART), values, strict=True, kube_version="v1.30.0")
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [], report
    assert problems == [], report


@pytest.mark.parametrize(
    ("values", "upgrade"),
    [
        (CHART_SECRETS, False),
        (NATIONAL, True),
        ({**CHART_SECRETS, "api": {"autoscaling": {"enabled": False}}}, False),
        ({**CHART_SECRETS, "migration": {"enabled": False}}, True),
        ({**CHART_SECRETS, "worker": {**NATIONAL["worker"], "metricsPort": 0}}, False),
    ],
    ids=["install", "national-upgrade", "no-hpa", "no-migration", "no-worker-metrics"],
)
def test_rendered_manifests_match_kubernetes_schemas(values: dict[str, Any], upgrade: bool) -> None:
    docs = render(values, upgrade=upgrade)
    assert docs
    for version in KUBE_VERSIONS:
        for doc in docs:
            kubernetes_validate.validate(doc, version, strict=True)


def test_kubernetes_schema_check_is_live() -> None:
    (deployment,) = [
        d
        for d in render(CHART_SECRETS)
        if d["metadata"]["name"] == "tdkt-api" and d["kind"] == "Deployment"
    ]
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError, match="livenesProbe"):
        kubernetes_validate.validate(deployment, KUBE_VERSIONS[-1], strict=True)


def test_values_are_checked() -> None:
    with pytest.raises(helm.HelmError, match=r"secrets\.databaseUrl"):
        render({})
    with pytest.raises(helm.HelmError, match="maxConcurrentActivities"):
        render(
            {
                **CHART_SECRETS,
                "worker": {
                    "replicas": 2,
                    "maxConcurrentWorkflowTasks": 10,
                    "maxConcurrentActivities": 0,
                },
            }
        )
    with pytest.raises(helm.HelmError, match="NOT_TDKT"):
        render({**CHART_SECRETS, "config": {"extraEnv": {"NOT_TDKT": "1"}}})


def test_api_deployment_service_and_autoscaling() -> None:
    docs = render(CHART_SECRETS)
    api = by_kind(docs, "Deployment")["tdkt-api"]
    assert "replicas" not in api["spec"], "the HPA owns the replica count"
    hpa = by_kind(docs, "HorizontalPodAutoscaler")["tdkt-api"]
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "tdkt-api",
    }
    assert hpa["spec"]["minReplicas"] >= 2
    service = by_kind(docs, "Service")["tdkt-api"]
    pod_labels = api["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert api["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    fixed = render({**CHART_SECRETS, "api": {"replicas": 3, "autoscaling": {"enabled": False}}})
    assert by_kind(fixed, "Deployment")["tdkt-api"]["spec"]["replicas"] == 3
    assert "HorizontalPodAutoscaler" not in {d["kind"] for d in fixed}
    for pdb in by_kind(docs, "PodDisruptionBudget").values():
        component = pdb["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"]
        assert f"tdkt-{component}" in by_kind(docs, "Deployment")


def test_worker_replicas_and_concurrency_from_values() -> None:
    docs = render(NATIONAL)
    worker = by_kind(docs, "Deployment")["tdkt-worker"]
    assert worker["spec"]["replicas"] == NATIONAL["worker"]["replicas"]
    env = {
        e["name"]: e["value"] for e in worker["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    assert env["TDKT_MAX_CONCURRENT_WORKFLOW_TASKS"] == str(
        NATIONAL["worker"]["maxConcurrentWorkflowTasks"]
    )
    assert env["TDKT_MAX_CONCURRENT_ACTIVITIES"] == str(
        NATIONAL["worker"]["maxConcurrentActivities"]
    )
    assert env["TDKT_MAX_CACHED_WORKFLOWS"] == str(NATIONAL["worker"]["maxCachedWorkflows"])
    assert env["TDKT_WORKFLOW_TASK_POLLERS"] == str(NATIONAL["worker"]["workflowTaskPollers"])


def _hook(doc: dict[str, Any]) -> tuple[set[str], int] | None:
    annotations = doc["metadata"].get("annotations") or {}
    if "helm.sh/hook" not in annotations:
        return None
    events = set(annotations["helm.sh/hook"].split(","))
    return events, int(annotations.get("helm.sh/hook-weight", "0"))


@pytest.mark.parametrize("values", [CHART_SECRETS, NATIONAL], ids=["chart-made", "existing"])
def test_migration_job_runs_before_the_code_with_what_exists_then(values: dict[str, Any]) -> None:
    """A pre-install hook runs before the release's ordinary objects exist: everything the Job
    reads must be a hook with a lower weight, or made outside the chart."""
    docs = render(values)
    job = by_kind(docs, "Job")["tdkt-migrate"]
    hook = _hook(job)
    assert hook is not None
    assert hook[0] == {"pre-install", "pre-upgrade"}
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert "tdkt migrate" in " ".join(pod["containers"][0]["args"])
    rendered = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    needed = [("ServiceAccount", pod.get("serviceAccountName", "default"))]
    for source in pod["containers"][0].get("envFrom", []):
        if "secretRef" in source:
            needed.append(("Secret", source["secretRef"]["name"]))
        if "configMapRef" in source:
            needed.append(("ConfigMap", source["configMapRef"]["name"]))
    for key in needed:
        if key in rendered:
            dependency = _hook(rendered[key])
            assert dependency is not None, f"{key} does not exist yet when the Job runs"
            assert {"pre-install", "pre-upgrade"} <= dependency[0]
            assert dependency[1] < hook[1]


def test_pods_are_locked_down() -> None:
    for name, pod, container in containers(render(CHART_SECRETS)):
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True, name
        assert context["allowPrivilegeEscalation"] is False, name
        assert context["capabilities"]["drop"] == ["ALL"], name
        assert container["resources"]["limits"], name


@pytest.mark.parametrize("values", [CHART_SECRETS, NATIONAL], ids=["chart-made", "existing"])
def test_configmap_and_secret_load_as_production_settings(values: dict[str, Any]) -> None:
    docs = render(values)
    config = by_kind(docs, "ConfigMap")["tdkt-config"]["data"]
    secret = by_kind(docs, "Secret").get("tdkt-secrets", {}).get("stringData") or {
        "TDKT_DATABASE_URL": "postgresql://tdkt:pw@pg:5432/tdkt",
        "TDKT_ADMIN_PASSWORD": "From-External-Secret-1",
        "TDKT_JWT_SECRET": "from-the-external-secret-store-xyz",
    }
    env = {**config, **secret}
    saved = {k: v for k, v in os.environ.items() if k.startswith("TDKT_")}
    try:
        for key in saved:
            del os.environ[key]
        os.environ.update(env)
        settings = Settings()
    finally:
        for key in env:
            os.environ.pop(key, None)
        os.environ.update(saved)
    assert settings.env == "production"
    assert settings.max_body_bytes == 1_000_000
    assert settings.temporal_namespace == values.get("temporal", {}).get("namespace", "tdkt")
    assert settings.database_url
    assert settings.database_url.startswith("postgresql+psycopg://")

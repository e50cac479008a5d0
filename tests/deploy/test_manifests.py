"""The deploy files keep the mesh's TLS contract (keel_runtime/tls.py).

Compose and Kubernetes: every serving Keel container has `KEEL_MTLS=on`, `KEEL_TLS_DIR`
pointing at a read-only mount holding ca.crt and its own pair (services also `keel`'s, for
their probes), nobody else's key, and no probe that cannot present a certificate. The
cert-manager Certificates name each workload's SPIFFE ID and DNS name for both usages.
The agents worker: its command, the agents settings and certificate, no port, no probe,
started after agents's migrations like the service.

Checked on the files and on what `kubectl kustomize` builds of the base and the dev
overlay (kubectl pinned in the dev extra: tests/deploy/support.py), so what is checked is
also what `kubectl apply -k` would send.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from keel_runtime.config import SERVICE_PORTS, SERVICES
from keel_runtime.tls import GATEWAY, OPERATOR, WORKLOADS, spiffe_id
from tests.deploy.support import K8S, Doc, kustomize

DEPLOY = K8S.parent
COMPOSE = DEPLOY / "compose"
SERVING = (*SERVICES, GATEWAY)  # the containers that serve or call over the mesh
HEALTHCHECK = "/opt/keel/healthcheck.py"


def load_all(path: Path) -> list[Doc]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def expected_files(workload: str) -> set[str]:
    """What a workload's TLS folder must hold: ca.crt, its pair, and `keel`'s for probes."""
    files = {"ca.crt", f"{workload}.crt", f"{workload}.key"}
    if workload in SERVICES:
        files |= {f"{OPERATOR}.crt", f"{OPERATOR}.key"}
    return files


# --- docker compose -------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> Doc:
    return yaml.safe_load((COMPOSE / "core.yml").read_text())


@pytest.mark.parametrize("name", SERVING)
def test_compose_container_mounts_its_own_certificate(compose: Doc, name: str) -> None:
    service = compose["services"][name]
    env = service["environment"]
    assert env["KEEL_MTLS"] == "on"
    folder = env["KEEL_TLS_DIR"]
    files = {}
    for entry in service["secrets"]:
        target = Path(entry["target"])
        assert target.parent == Path(folder), f"{name}: {target} is outside KEEL_TLS_DIR"
        files[target.name] = compose["secrets"][entry["source"]]["file"]
    assert set(files) == expected_files(name)
    # The right file behind each name: a swapped pair would still "mount".
    for filename, source in files.items():
        assert Path(source) == Path("secrets/tls") / filename
    # File secrets are read-only bind mounts; no volume may expose the folder writable.
    assert not any("secrets" in str(volume) for volume in service.get("volumes", []))


@pytest.mark.parametrize("name", SERVICES)
def test_compose_healthcheck_presents_the_operator_certificate(compose: Doc, name: str) -> None:
    test = compose["services"][name]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", HEALTHCHECK]
    assert test[3] == str(SERVICE_PORTS[name])
    assert test[test.index("--server-name") + 1] == name


@pytest.mark.parametrize("name", SERVICES)
def test_compose_migration_needs_no_certificate(compose: Doc, name: str) -> None:
    job = compose["services"][f"{name}-migrate"]
    assert job["environment"]["KEEL_MTLS"] == "off"
    assert "secrets" not in job


def test_compose_secrets_stay_out_of_git_and_images() -> None:
    ignored = (COMPOSE / ".gitignore").read_text().split()
    assert "secrets/" in ignored
    dockerignore = (DEPLOY.parent / ".dockerignore").read_text().split()
    assert "deploy/compose" in dockerignore


# --- Kubernetes -----------------------------------------------------------------------


def base_documents() -> list[Doc]:
    kustomization = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    docs = [doc for name in kustomization["resources"] for doc in load_all(K8S / "base" / name)]
    # The generated ConfigMap, as kustomize would make it from the literals.
    for generator in kustomization["configMapGenerator"]:
        data = dict(literal.split("=", 1) for literal in generator["literals"])
        docs.append({"kind": "ConfigMap", "metadata": {"name": generator["name"]}, "data": data})
    return docs


def rendered_variants() -> Iterator[Any]:
    yield pytest.param(base_documents, id="base-files")
    for overlay in ("base", "overlays/dev"):
        yield pytest.param(lambda o=overlay: kustomize(K8S / o), id=overlay)


@pytest.fixture(scope="module", params=list(rendered_variants()))
def k8s(request: pytest.FixtureRequest) -> list[Doc]:
    return request.param()


def deployment(docs: list[Doc], name: str) -> Doc:
    found = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == name]
    assert len(found) == 1, f"Deployment {name}: {len(found)} found"
    return found[0]


def container_env(docs: list[Doc], container: Doc) -> dict[str, str]:
    """The container's environment: its ConfigMaps (envFrom), then its own `env` (a
    Secret's values are not in the manifests)."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" not in source:
            continue
        name = source["configMapRef"]["name"]
        # Built overlays carry the generator's hash suffix in both places, the files neither.
        maps = [d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == name]
        assert len(maps) == 1, f"ConfigMap {name}: {len(maps)} found"
        env.update(maps[0]["data"])
    env.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
    return env


def secret_items(volume: Doc) -> dict[str, dict[str, str]]:
    """Secret name → {key: file} of a `secret` or `projected` volume."""
    if "secret" in volume:
        sources = [{"name": volume["secret"]["secretName"], **volume["secret"]}]
    else:
        sources = [s["secret"] for s in volume.get("projected", {}).get("sources", [])]
    return {s["name"]: {i["key"]: i["path"] for i in s["items"]} for s in sources}


# The worker's liveness probe (compose's `test` form; Kubernetes' command without "CMD").
HEARTBEAT_PROBE = ["CMD", "python", "-m", "services.agents.heartbeat"]


def probes(container: Doc) -> list[Doc]:
    kinds = ("readinessProbe", "livenessProbe", "startupProbe")
    return [container[k] for k in kinds if k in container]


@pytest.mark.parametrize("name", SERVING)
def test_k8s_pod_mounts_its_own_secret_read_only(k8s: list[Doc], name: str) -> None:
    pod = deployment(k8s, name)["spec"]["template"]["spec"]
    (container,) = [c for c in pod["containers"] if c["name"] == name]
    env = container_env(k8s, container)
    assert env["KEEL_MTLS"] == "on"
    mounts = [m for m in container["volumeMounts"] if m["mountPath"] == env["KEEL_TLS_DIR"]]
    assert len(mounts) == 1, f"{name}: nothing mounted at KEEL_TLS_DIR"
    assert mounts[0]["readOnly"] is True
    assert "subPath" not in mounts[0]  # kubelet never updates subPath mounts on rotation
    (volume,) = [v for v in pod["volumes"] if v["name"] == mounts[0]["name"]]
    secrets = secret_items(volume)
    want = {f"keel-tls-{name}": {"tls.crt": f"{name}.crt", "tls.key": f"{name}.key"}}
    want[f"keel-tls-{name}"]["ca.crt"] = "ca.crt"
    if name in SERVICES:
        want[f"keel-tls-{OPERATOR}"] = {"tls.crt": f"{OPERATOR}.crt", "tls.key": f"{OPERATOR}.key"}
    assert secrets == want
    files = {path for items in secrets.values() for path in items.values()}
    assert files == expected_files(name)
    # Root-owned files of mode 0440: readable only through the pod's fsGroup.
    mode = volume.get("secret", volume.get("projected", {})).get("defaultMode")
    assert mode == 0o440
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]


@pytest.mark.parametrize("name", SERVING)
def test_k8s_no_probe_is_a_plaintext_grpc_probe(k8s: list[Doc], name: str) -> None:
    pod = deployment(k8s, name)["spec"]["template"]["spec"]
    for container in pod.get("initContainers", []) + pod["containers"]:
        for probe in probes(container):
            assert "grpc" not in probe, f"{name}/{container['name']}: native grpc probe"


@pytest.mark.parametrize("name", SERVICES)
def test_k8s_service_probes_run_the_healthcheck_as_keel(k8s: list[Doc], name: str) -> None:
    pod = deployment(k8s, name)["spec"]["template"]["spec"]
    (container,) = [c for c in pod["containers"] if c["name"] == name]
    port = str(SERVICE_PORTS[name])
    for kind, health_service in (("readinessProbe", []), ("livenessProbe", ["liveness"])):
        command = container[kind]["exec"]["command"]
        assert command == ["python", HEALTHCHECK, port, *health_service, "--server-name", name]
        # Python's start plus the check's own 3 s deadline must fit.
        assert container[kind]["timeoutSeconds"] > 3


@pytest.mark.parametrize("name", SERVICES)
def test_k8s_migration_needs_no_certificate(k8s: list[Doc], name: str) -> None:
    pod = deployment(k8s, name)["spec"]["template"]["spec"]
    (migrate,) = pod["initContainers"]
    assert container_env(k8s, migrate)["KEEL_MTLS"] == "off"
    assert all(m["name"] == "tmp" for m in migrate["volumeMounts"])


# --- cert-manager ---------------------------------------------------------------------


def hours(duration: str) -> float:
    assert duration.endswith("h"), f"{duration}: write durations in hours"
    return float(duration[:-1])


@pytest.fixture(scope="module")
def cert_manager() -> list[Doc]:
    folder = K8S / "components" / "cert-manager"
    component = yaml.safe_load((folder / "kustomization.yaml").read_text())
    assert component["kind"] == "Component"
    return [doc for name in component["resources"] for doc in load_all(folder / name)]


@pytest.mark.parametrize("workload", WORKLOADS)
def test_certificate_names_the_workload(cert_manager: list[Doc], workload: str) -> None:
    (cert,) = [
        d
        for d in cert_manager
        if d["kind"] == "Certificate" and d["spec"].get("secretName") == f"keel-tls-{workload}"
    ]
    spec = cert["spec"]
    assert spec["uris"] == [spiffe_id(workload)]
    assert spec["dnsNames"] == [workload]
    assert {"server auth", "client auth"} <= set(spec["usages"])
    assert spec["privateKey"]["algorithm"] == "ECDSA" and spec["privateKey"]["size"] == 256
    assert spec["privateKey"]["rotationPolicy"] == "Always"
    assert 0 < hours(spec["renewBefore"]) < hours(spec["duration"])
    assert not spec.get("isCA", False)
    issuer = spec["issuerRef"]
    (signer,) = [
        d
        for d in cert_manager
        if d["kind"] == issuer["kind"] and d["metadata"]["name"] == issuer["name"]
    ]
    assert "ca" in signer["spec"], "workload certificates come from the mesh's CA issuer"


def test_only_the_mesh_workloads_get_certificates(cert_manager: list[Doc]) -> None:
    leaves = {
        d["spec"]["secretName"]
        for d in cert_manager
        if d["kind"] == "Certificate" and not d["spec"].get("isCA", False)
    }
    assert leaves == {f"keel-tls-{w}" for w in WORKLOADS}


def test_dev_overlay_issues_every_secret_the_pods_mount() -> None:
    docs = kustomize(K8S / "overlays" / "dev")
    issued = {d["spec"]["secretName"] for d in docs if d["kind"] == "Certificate"}
    mounted = {
        name
        for d in docs
        if d["kind"] == "Deployment"
        for volume in d["spec"]["template"]["spec"]["volumes"]
        for name in secret_items(volume)
        if name.startswith("keel-tls-")
    }
    assert mounted == {f"keel-tls-{w}" for w in WORKLOADS}
    assert mounted <= issued


# --- the agents worker ----------------------------------------------------------------
# `python -m services.agents worker`: executes runs, serves no port, calls billing as the
# `agents` workload, and starts only after agents's migrations (Alembic and DBOS's schema).

WORKER = "agents-worker"
WORKER_COMMAND = ["python", "-m", "services.agents", "worker"]
WORKER_TLS_FILES = {"ca.crt", "agents.crt", "agents.key"}  # no `keel` pair: no probe


def seconds(duration: str) -> float:
    assert duration.endswith("s"), f"{duration}: write durations in seconds"
    return float(duration[:-1])


def test_compose_worker_runs_the_worker_and_listens_on_nothing(compose: Doc) -> None:
    worker = compose["services"][WORKER]
    assert worker["command"] == WORKER_COMMAND
    assert worker["image"] == compose["services"]["agents"]["image"]
    assert "ports" not in worker and "expose" not in worker
    # No port to ask: healthy while its event loop beats (services/agents/heartbeat.py).
    assert worker["healthcheck"]["test"] == HEARTBEAT_PROBE
    assert worker["restart"] == "unless-stopped"
    # In-flight steps are resumed elsewhere, but DBOS's shutdown and the flush take time.
    assert seconds(worker["stop_grace_period"]) >= 60
    assert worker["read_only"] is True and worker["cap_drop"] == ["ALL"]


def test_compose_worker_has_the_agents_settings(compose: Doc) -> None:
    worker, agents = compose["services"][WORKER], compose["services"]["agents"]
    env = worker["environment"]
    for name in ("KEEL_AGENTS_DATABASE_URL", "KEEL_REDIS_URL", "KEEL_BILLING_ADDR", "KEEL_MTLS"):
        assert env[name] == agents["environment"][name], name
    assert env["KEEL_MTLS"] == "on"
    assert env["KEEL_BILLING_ADDR"] == f"billing:{SERVICE_PORTS['billing']}"
    assert env["KEEL_AGENTS_WORKER_CONCURRENCY"] == "${KEEL_AGENTS_WORKER_CONCURRENCY:-8}"
    assert env["KEEL_AGENTS_QUEUE_POLL_SECONDS"] == "${KEEL_AGENTS_QUEUE_POLL_SECONDS:-0.1}"
    # No other service's database, nor identity's or the events' secrets.
    assert not [n for n in env if n.endswith("_DATABASE_URL") and "AGENTS" not in n]
    assert "KEEL_IDENTITY_SECRET" not in env and "KEEL_EVENTS_SEALING_KEY" not in env
    # The providers' keys: an optional file of the worker's own, kept out of git. Set in
    # `environment`, a provider variable would override the file's.
    assert worker["env_file"] == [{"path": "./agents-providers.env", "required": False}]
    assert not [n for n in env if n.startswith("KEEL_AGENTS_PROVIDER")]
    assert "KEEL_AGENTS_BUILTIN_FOR_ALL" not in env
    assert "agents-providers.env" in (COMPOSE / ".gitignore").read_text().split()


def test_compose_providers_example_is_what_the_worker_reads() -> None:
    from services.agents.models.registry import Providers

    lines = (COMPOSE / "agents-providers.env.example").read_text().splitlines()
    settings = dict(
        line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")
    )
    assert all(name.startswith("KEEL_AGENTS_") for name in settings)
    providers = Providers.from_env(settings)  # raises on a malformed setting
    assert {"openai", "anthropic"} <= set(providers.names)
    assert providers.builtin_for_all is False  # the echoing model is opt-in


def test_compose_worker_mounts_the_agents_certificate(compose: Doc) -> None:
    worker = compose["services"][WORKER]
    folder = Path(worker["environment"]["KEEL_TLS_DIR"])
    files = {}
    for entry in worker["secrets"]:
        target = Path(entry["target"])
        assert target.parent == folder
        files[target.name] = compose["secrets"][entry["source"]]["file"]
    assert set(files) == WORKER_TLS_FILES
    for filename, source in files.items():
        assert Path(source) == Path("secrets/tls") / filename


def test_compose_worker_starts_after_the_agents_migration(compose: Doc) -> None:
    worker, agents = compose["services"][WORKER], compose["services"]["agents"]
    assert worker["depends_on"]["agents-migrate"] == {"condition": "service_completed_successfully"}
    assert worker["depends_on"] == agents["depends_on"]  # the service's own ordering


def test_compose_observability_reaches_the_worker() -> None:
    layer = yaml.safe_load((COMPOSE / "observability.yml").read_text())
    assert layer["services"][WORKER] == layer["services"]["agents"]


def secret_env(container: Doc) -> dict[str, Doc]:
    """The container's variables taken from Secrets: name → secretKeyRef."""
    refs = (e for e in container.get("env", []) if "secretKeyRef" in e.get("valueFrom", {}))
    return {e["name"]: e["valueFrom"]["secretKeyRef"] for e in refs}


def worker_pod(docs: list[Doc]) -> tuple[Doc, Doc]:
    """The worker Deployment's pod spec and its one container."""
    pod = deployment(docs, WORKER)["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["name"] == WORKER
    return pod, container


def test_k8s_worker_scales_out_and_listens_on_nothing(k8s: list[Doc]) -> None:
    spec = deployment(k8s, WORKER)["spec"]
    pod, container = worker_pod(k8s)
    assert spec["replicas"] == 2
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert spec["minReadySeconds"] > 0  # no readiness probe: a crash-looping release stalls
    assert container["command"] == WORKER_COMMAND
    assert "ports" not in container
    # Liveness only, the heartbeat's (deploy/README.md): nothing routes to a worker.
    assert "readinessProbe" not in container and "startupProbe" not in container
    assert container["livenessProbe"]["exec"]["command"] == HEARTBEAT_PROBE[1:]
    assert pod["terminationGracePeriodSeconds"] >= 60
    selector = spec["selector"]["matchLabels"]
    assert spec["template"]["metadata"]["labels"]["app.kubernetes.io/component"] == "worker"
    services = [d for d in k8s if d["kind"] == "Service"]
    assert not [s for s in services if s["spec"].get("selector") == selector]
    budgets = [d for d in k8s if d["kind"] == "PodDisruptionBudget"]
    assert [b["spec"]["selector"]["matchLabels"] for b in budgets].count(selector) == 1


def test_k8s_worker_starts_after_the_agents_migration(k8s: list[Doc]) -> None:
    pod, _ = worker_pod(k8s)
    agents = deployment(k8s, "agents")["spec"]["template"]["spec"]
    # The services' ordering: the same init container, so the worker never runs against
    # a schema older than its image's.
    assert pod["initContainers"] == agents["initContainers"]
    (migrate,) = pod["initContainers"]
    assert migrate["command"] == ["python", "-m", "services.agents", "migrate"]


def test_k8s_worker_has_the_agents_settings(k8s: list[Doc]) -> None:
    _, container = worker_pod(k8s)
    (agents,) = deployment(k8s, "agents")["spec"]["template"]["spec"]["containers"]
    env = container_env(k8s, container)
    assert env["KEEL_MTLS"] == "on"
    assert env["KEEL_BILLING_ADDR"] == f"billing:{SERVICE_PORTS['billing']}"
    assert env["KEEL_AGENTS_WORKER_CONCURRENCY"] == "8"
    assert env["KEEL_AGENTS_QUEUE_POLL_SECONDS"] == "0.1"
    assert secret_env(container) == secret_env(agents)
    assert secret_env(container)["KEEL_AGENTS_DATABASE_URL"] == {
        "name": "keel-secrets",
        "key": "agents-database-url",
    }
    # The providers' Secret, optional, last: it wins over the shared ConfigMap.
    assert container["envFrom"][-1] == {
        "secretRef": {"name": "keel-agents-providers", "optional": True}
    }


def test_k8s_worker_mounts_the_agents_secret_read_only(k8s: list[Doc]) -> None:
    pod, container = worker_pod(k8s)
    folder = container_env(k8s, container)["KEEL_TLS_DIR"]
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == folder]
    assert mount["readOnly"] is True and "subPath" not in mount
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert secret_items(volume) == {
        "keel-tls-agents": {"tls.crt": "agents.crt", "tls.key": "agents.key", "ca.crt": "ca.crt"}
    }
    assert volume["projected"]["defaultMode"] == 0o440
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]


def test_k8s_worker_takes_no_ingress(k8s: list[Doc]) -> None:
    policies = [d for d in k8s if d["kind"] == "NetworkPolicy"]
    (policy,) = [
        p
        for p in policies
        if p["spec"]["podSelector"] == {"matchLabels": {"app.kubernetes.io/component": "worker"}}
    ]
    assert policy["spec"]["policyTypes"] == ["Ingress"] and "ingress" not in policy["spec"]


def test_k8s_pods_carry_the_label_the_network_policy_admits() -> None:
    # The services admit callers labelled part-of: keel (the gateway; the worker calling
    # billing): the label must reach the pods, not only the Deployments.
    kustomization = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    (labels,) = kustomization["labels"]
    assert labels["pairs"] == {"app.kubernetes.io/part-of": "keel"}
    assert labels["includeTemplates"] is True
    assert not labels.get("includeSelectors", False)  # selectors are immutable
    for doc in kustomize(K8S / "base"):
        if doc["kind"] == "Deployment":
            pod_labels = doc["spec"]["template"]["metadata"]["labels"]
            assert pod_labels["app.kubernetes.io/part-of"] == "keel", doc["metadata"]["name"]


def test_worker_restarts_when_the_agents_certificate_is_renewed() -> None:
    component = yaml.safe_load(
        (K8S / "components" / "cert-manager" / "kustomization.yaml").read_text()
    )
    patches = [yaml.safe_load(p["patch"]) for p in component["patches"]]
    (patch,) = [p for p in patches if p["metadata"]["name"] == WORKER]
    assert patch["metadata"]["annotations"] == {
        "secret.reloader.stakater.com/reload": "keel-tls-agents"
    }


def test_dev_overlay_runs_every_model_on_the_built_in_model() -> None:
    docs = kustomize(K8S / "overlays" / "dev")
    _, container = worker_pod(docs)
    assert container_env(docs, container)["KEEL_AGENTS_BUILTIN_FOR_ALL"] == "true"

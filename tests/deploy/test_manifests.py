"""The deploy files keep the mesh's TLS contract (keel_runtime/tls.py).

Compose and Kubernetes: every serving Keel container has `KEEL_MTLS=on`, `KEEL_TLS_DIR`
pointing at a read-only mount holding ca.crt and its own pair (services also `keel`'s, for
their probes), nobody else's key, and no probe that cannot present a certificate. The
cert-manager Certificates name each workload's SPIFFE ID and DNS name for both usages.

Parses the YAML only; with `kubectl` installed the kustomize overlays are built as well,
so what is checked is also what `kubectl apply -k` would send.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from keel_runtime.config import SERVICE_PORTS, SERVICES
from keel_runtime.tls import GATEWAY, OPERATOR, WORKLOADS, spiffe_id

# PyYAML comes with the bench extra today, not with dev: skip rather than fail to collect.

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE = DEPLOY / "compose"
K8S = DEPLOY / "k8s"
SERVING = (*SERVICES, GATEWAY)  # the containers that serve or call over the mesh
HEALTHCHECK = "/opt/keel/healthcheck.py"

Doc = dict[str, Any]


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


def kustomize(overlay: Path) -> list[Doc]:
    built = subprocess.run(
        ["kubectl", "kustomize", str(overlay)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    return [doc for doc in yaml.safe_load_all(built.stdout) if doc]


def rendered_variants() -> Iterator[Any]:
    yield pytest.param(base_documents, id="base-files")
    needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")
    for overlay in ("base", "overlays/dev"):
        yield pytest.param(lambda o=overlay: kustomize(K8S / o), id=overlay, marks=needs_kubectl)


@pytest.fixture(scope="module", params=list(rendered_variants()))
def k8s(request: pytest.FixtureRequest) -> list[Doc]:
    return request.param()


def deployment(docs: list[Doc], name: str) -> Doc:
    found = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == name]
    assert len(found) == 1, f"Deployment {name}: {len(found)} found"
    return found[0]


def container_env(docs: list[Doc], container: Doc) -> dict[str, str]:
    """The container's environment: its ConfigMaps (envFrom), then its own `env`."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
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


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")
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

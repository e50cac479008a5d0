"""Who may reach whom in the built Kubernetes manifests, as a policy-enforcing CNI decides.

A NetworkPolicy matches pods by their labels, and a pod has its template's labels only: a
label that reaches the Deployments but not their pod templates leaves the services' policy
admitting nobody, so every call, the gateway's included, is dropped. So the selectors are
checked against the pod templates of what `kubectl kustomize` builds, not against the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from keel_runtime.config import SERVICE_PORTS, SERVICES
from keel_runtime.tls import GATEWAY
from tests.deploy.support import K8S, Doc, kustomize

KUSTOMIZATIONS = ("base", "overlays/dev")
NAMESPACE = "keel"
WORKER = "agents-worker"
GATEWAY_PORT = 8080
MESH_CALLERS = (*SERVICES, GATEWAY, WORKER)  # the pods that call the services over the mesh


@dataclass(frozen=True)
class Pod:
    name: str
    namespace: str
    labels: dict[str, str]
    ports: dict[str, int] = field(default_factory=dict)  # container ports by name


def pod_templates(docs: list[Doc]) -> list[Pod]:
    """A pod for each workload's template: the labels its pods will carry."""
    pods = []
    for doc in docs:
        spec = doc.get("spec", {})
        template = spec.get("jobTemplate", {}).get("spec", spec).get("template")
        if template is None:
            continue
        containers = template["spec"]["containers"]
        ports = {p["name"]: p["containerPort"] for c in containers for p in c.get("ports", [])}
        labels = template["metadata"].get("labels", {})
        pods.append(Pod(doc["metadata"]["name"], doc["metadata"]["namespace"], labels, ports))
    return pods


def selects(selector: Doc, labels: dict[str, str]) -> bool:
    """Kubernetes' label selector semantics; an empty selector selects everything."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator = expression["key"], expression["operator"]
        values = expression.get("values", [])
        matched = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not matched:
            return False
    return True


def peer_matches(peer: Doc, policy_namespace: str, source: Pod) -> bool:
    if "ipBlock" in peer:
        return False  # CIDRs are for what lies outside the cluster, not for its pods
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": source.namespace}
        in_namespace = selects(peer["namespaceSelector"], namespace_labels)
    else:
        in_namespace = source.namespace == policy_namespace
    return in_namespace and selects(peer.get("podSelector", {}), source.labels)


def port_matches(rule_port: Doc, target: Pod, port: int) -> bool:
    if rule_port.get("protocol", "TCP") != "TCP":
        return False
    if "port" not in rule_port:
        return True
    first = rule_port["port"]
    if isinstance(first, str):  # a named port: the target's container port of that name
        return target.ports.get(first) == port
    last = rule_port["endPort"] if "endPort" in rule_port else first  # a range, or one port
    return bool(first <= port <= last)


def rule_admits(rule: Doc, policy_namespace: str, source: Pod, target: Pod, port: int) -> bool:
    peers = rule.get("from", [])
    ports = rule.get("ports", [])
    from_source = not peers or any(peer_matches(p, policy_namespace, source) for p in peers)
    to_port = not ports or any(port_matches(p, target, port) for p in ports)
    return from_source and to_port


def admits(policies: list[Doc], source: Pod, target: Pod, port: int) -> bool:
    """Whether a TCP connection from `source` to `target`'s `port` gets through."""
    governing = [
        policy
        for policy in policies
        if policy["metadata"]["namespace"] == target.namespace
        and "Ingress" in policy["spec"].get("policyTypes", ["Ingress"])
        and selects(policy["spec"]["podSelector"], target.labels)
    ]
    if not governing:
        return True  # no policy selects the pod: it takes every connection
    return any(
        rule_admits(rule, policy["metadata"]["namespace"], source, target, port)
        for policy in governing
        for rule in policy["spec"].get("ingress", [])
    )


@dataclass(frozen=True)
class Cluster:
    pods: list[Pod]
    policies: list[Doc]

    def pod(self, name: str) -> Pod:
        (found,) = [p for p in self.pods if p.name == name]
        return found


@pytest.fixture(scope="module", params=KUSTOMIZATIONS)
def cluster(request: pytest.FixtureRequest) -> Cluster:
    docs = kustomize(K8S / request.param)
    policies = [d for d in docs if d["kind"] == "NetworkPolicy"]
    assert policies, "no NetworkPolicy built"
    return Cluster(pod_templates(docs), policies)


def stranger(namespace: str = NAMESPACE, labels: dict[str, str] | None = None) -> Pod:
    return Pod("stranger", namespace, labels or {"app.kubernetes.io/name": "stranger"})


def test_every_policy_selects_pods(cluster: Cluster) -> None:
    for policy in cluster.policies:
        selector = policy["spec"]["podSelector"]
        selected = [p.name for p in cluster.pods if selects(selector, p.labels)]
        assert selected, f"{policy['metadata']['name']}: {selector} selects no pod template"


def test_every_peer_a_policy_admits_is_a_pod(cluster: Cluster) -> None:
    for policy in cluster.policies:
        namespace = policy["metadata"]["namespace"]
        for rule in policy["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                if "ipBlock" in peer:
                    continue
                admitted = [p.name for p in cluster.pods if peer_matches(peer, namespace, p)]
                assert admitted, f"{policy['metadata']['name']}: {peer} matches no pod template"


@pytest.mark.parametrize("caller", MESH_CALLERS)
def test_the_mesh_reaches_every_service(cluster: Cluster, caller: str) -> None:
    # The gateway calls every service, services call each other, the worker calls billing.
    source = cluster.pod(caller)
    for service in SERVICES:
        target = cluster.pod(service)
        port = SERVICE_PORTS[service]
        assert admits(cluster.policies, source, target, port), f"{caller} -> {service}:{port}"


def test_no_other_pod_reaches_a_service(cluster: Cluster) -> None:
    # The services trust x-keel-* metadata from the mesh: nothing else may reach their ports,
    # neither a pod of the namespace outside Keel (as the observability component's) nor a
    # pod elsewhere that copies Keel's labels.
    outsiders = [p for p in cluster.pods if p.name not in MESH_CALLERS]
    outsiders += [stranger(), stranger("default", cluster.pod(GATEWAY).labels)]
    for service in SERVICES:
        target = cluster.pod(service)
        for source in outsiders:
            assert not admits(cluster.policies, source, target, SERVICE_PORTS[service]), (
                f"{source.namespace}/{source.name} -> {service}"
            )


def test_nothing_reaches_the_worker(cluster: Cluster) -> None:
    worker = cluster.pod(WORKER)
    for source in [*cluster.pods, stranger()]:
        for port in (*SERVICE_PORTS.values(), GATEWAY_PORT):
            assert not admits(cluster.policies, source, worker, port), source.name


def test_anyone_reaches_the_gateway(cluster: Cluster) -> None:
    # The way in for users (through an ingress or a load balancer, from anywhere).
    gateway = cluster.pod(GATEWAY)
    assert gateway.ports["http"] == GATEWAY_PORT
    assert admits(cluster.policies, stranger("ingress-nginx"), gateway, GATEWAY_PORT)

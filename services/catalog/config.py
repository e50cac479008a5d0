"""catalog's settings: the shared service settings plus its own `KEEL_CATALOG_*` ones."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from keel_runtime.config import Env, ServiceConfig


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("expected a positive number of seconds")
    return value


@dataclass(frozen=True)
class CatalogConfig(ServiceConfig):
    # How often template views counted in memory are written (one UPDATE each time);
    # views since the last write are lost if the process crashes.
    view_flush_seconds: float = 5.0

    @classmethod
    def from_env(cls, name: str, environ: Mapping[str, str] | None = None) -> CatalogConfig:
        base = ServiceConfig.from_env(name, environ)
        env = Env(os.environ if environ is None else environ)
        config = cls(
            **{f: getattr(base, f) for f in ServiceConfig.__dataclass_fields__},
            view_flush_seconds=env.get(
                "KEEL_CATALOG_VIEW_FLUSH_SECONDS", cls.view_flush_seconds, _positive_float
            ),
        )
        env.check("the catalog service")
        return config

"""Session-wide real infrastructure: PostgreSQL, Redis and an OTLP receiver, started once.

Each test that needs a database gets a fresh one, cloned in milliseconds from a template
database that was migrated once per service (`CREATE DATABASE … TEMPLATE …`).
"""

from __future__ import annotations

import importlib
import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON

from deploy.embedded.otlp import OtlpReceiver
from deploy.embedded.postgres import EmbeddedPostgres
from deploy.embedded.redis import EmbeddedRedis
from keel_runtime import migrations, telemetry
from keel_runtime.config import SERVICES
from keel_runtime.tls import make_mesh_credentials
from tests.identity import people
from tests.support.net import free_port

# The fixtures the service packages share (identity, its database, REST clients).
pytest_plugins = ["tests.support.fixtures"]

ROOT = Path(__file__).resolve().parents[1]
_clone_numbers = itertools.count()


@pytest.fixture(scope="session", autouse=True)
def mesh_certificates() -> Iterator[Path]:
    """The mesh's CA and every workload's certificate, made once: every server of the
    session serves mTLS, and every test channel presents a certificate (tests.support.channels)."""
    folder = Path(tempfile.mkdtemp(prefix="keel-test-tls-"))
    make_mesh_credentials(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KEEL_MTLS", "on")
        patch.setenv("KEEL_TLS_DIR", str(folder))
        yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def spans() -> InMemorySpanExporter:
    """Spans of everything run in the test process (the real OpenTelemetry SDK)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(sampler=ALWAYS_ON)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    telemetry.instrument_libraries()
    return exporter


@pytest.fixture(scope="session", autouse=True)
def rpc_metrics() -> InMemoryMetricReader:
    """Metrics recorded in the test process (the real OpenTelemetry metrics SDK)."""
    reader = InMemoryMetricReader()
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    return reader


@pytest.fixture(scope="session")
def postgres() -> Iterator[EmbeddedPostgres]:
    # Not under pytest's tmp dir: as root the server runs as another user, and each pytest
    # session resets that dir to mode 0700, which would lock out a concurrent session's server.
    state = Path(tempfile.mkdtemp(prefix="keel-test-pg-"))
    server = EmbeddedPostgres(state, free_port())
    server.start()
    server.ensure_service_databases(SERVICES)
    yield server
    server.stop()
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    people.EVENTS.redis_url = server.url  # where People reads identity's e-mails from
    yield server
    server.stop()


@pytest.fixture(scope="session")
def otlp() -> Iterator[OtlpReceiver]:
    receiver = OtlpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


def _url(postgres: EmbeddedPostgres, service: str, database: str) -> str:
    role = f"keel_{service}"
    return f"postgresql+asyncpg://{role}:{role}@127.0.0.1:{postgres.port}/{database}"


@pytest.fixture(scope="session")
def migrated_templates(postgres: EmbeddedPostgres) -> dict[str, str]:
    """One migrated template database per service; returns service → template name."""
    templates = {}
    for service in SERVICES:
        name = f"template_{service}"
        postgres.psql(f"CREATE DATABASE {name} OWNER keel_{service};")
        url = _url(postgres, service, name)
        migrations.upgrade(ROOT / "services" / service / "data" / "migrations", url)
        spec = importlib.import_module(f"services.{service}.app").SPEC
        if spec.migrate is not None:  # a library's own schema (agents: DBOS's)
            spec.migrate(url)
        templates[service] = name
    return templates


@pytest.fixture(scope="session")
def new_database(
    postgres: EmbeddedPostgres, migrated_templates: dict[str, str]
) -> Callable[[str], str]:
    """Clone a fresh, migrated database of `service`; returns its URL."""

    def clone(service: str) -> str:
        name = f"test_{service}_{next(_clone_numbers)}"
        postgres.psql(
            f"CREATE DATABASE {name} TEMPLATE {migrated_templates[service]} OWNER keel_{service};"
        )
        return _url(postgres, service, name)

    return clone


@pytest.fixture
def catalog_env(new_database: Callable[[str], str], redis_server: EmbeddedRedis) -> dict[str, str]:
    """Settings for a catalog server on its own fresh database."""
    return {
        "KEEL_CATALOG_DATABASE_URL": new_database("catalog"),
        "KEEL_REDIS_URL": redis_server.url,
    }

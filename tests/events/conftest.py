"""The events tests' own infrastructure: a Redis to stop and start, a producer's and a
consumer's database, and the consumer as a process of its own (`consumer_process`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from deploy.embedded.otlp import OtlpReceiver
from deploy.embedded.redis import EmbeddedRedis
from keel_runtime.db import Database
from tests.support.net import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A Redis of this test's own, so it can be stopped and started again."""
    server = EmbeddedRedis(tmp_path / "redis", free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def producer(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("catalog"), pool_size=2)
    yield database
    await database.close()


@pytest.fixture
async def consumer_db(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("billing"), pool_size=2)
    async with database.unit_of_work() as session:
        await session.execute(sa.text("CREATE TABLE event_effects (event_id uuid, note text)"))
        # Notes the consumer's handler refuses, as long as they are listed here.
        await session.execute(sa.text("CREATE TABLE failing_notes (note text)"))
    yield database
    await database.close()


class Consumer:
    def __init__(self, database_url: str, redis_url: str, otlp: OtlpReceiver, log: Path) -> None:
        self.args = [
            sys.executable, "-m", "tests.events.consumer_process", database_url, redis_url, "300"
        ]  # fmt: skip
        self.env = {
            **os.environ,
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
            "OTEL_TRACES_SAMPLER": "parentbased_always_on",
            "OTEL_BSP_SCHEDULE_DELAY": "50",
            "OTEL_METRICS_EXPORTER": "none",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def consumer(consumer_db, redis_server, otlp, tmp_path) -> Iterator[Consumer]:
    url = consumer_db.engine.url.render_as_string(hide_password=False)
    process = Consumer(url, redis_server.url, otlp, tmp_path / "consumer.log")
    yield process
    process.stop()

"""PostgreSQL and Redis from their wheels, as the embedded stack and the tests run them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
import redis

from deploy.embedded.postgres import EmbeddedPostgres
from deploy.embedded.redis import EmbeddedRedis


@pytest.fixture
def postgres(server_dir: Path, unused_port: int) -> Iterator[EmbeddedPostgres]:
    pg = EmbeddedPostgres(server_dir / "postgres", unused_port)
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()  # the server would outlive the test process otherwise
    assert pg.pid() is None


async def test_each_service_gets_its_own_role_and_database(postgres: EmbeddedPostgres) -> None:
    assert postgres.initdb() is False  # already initialised by start(): idempotent
    postgres.ensure_service_databases(["catalog", "billing"])
    postgres.ensure_service_databases(["catalog", "billing"])  # idempotent

    url = postgres.database_url("catalog", driver="postgresql")
    assert url == f"postgresql://keel_catalog:keel_catalog@127.0.0.1:{postgres.port}/keel_catalog"
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT current_user") == "keel_catalog"
        assert await conn.fetchval("SELECT current_database()") == "keel_catalog"
        await conn.execute("CREATE TABLE owned_here (id int)")  # the role owns its database
        owner = await conn.fetchval(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'keel_billing'"
        )
        assert owner == "keel_billing"
    finally:
        await conn.close()


def test_state_stays_under_the_given_folder(postgres: EmbeddedPostgres, server_dir: Path) -> None:
    assert postgres.pgdata.is_relative_to(server_dir)
    assert postgres.socket_dir.is_relative_to(server_dir)
    assert (postgres.socket_dir / f".s.PGSQL.{postgres.port}").is_socket()
    assert postgres.server_command()[-8:] == [
        "-h",
        "127.0.0.1",
        "-p",
        str(postgres.port),
        "-k",
        str(postgres.socket_dir),
        "-c",
        "max_connections=300",
    ]


def test_redis_keeps_data_across_a_restart(tmp_path: Path, unused_port: int) -> None:
    server = EmbeddedRedis(tmp_path / "redis", unused_port)
    server.start()
    try:
        client = redis.Redis.from_url(server.url)
        client.xadd("events", {"type": "organization.created"})
        client.close()
        server.stop()  # SIGTERM: the AOF is fsynced
        server.start()
        client = redis.Redis.from_url(server.url)
        assert client.xlen("events") == 1
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        client.close()
    finally:
        server.stop()
    assert (tmp_path / "redis" / "appendonly.aof").exists()

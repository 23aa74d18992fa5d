"""Every pod migrates its database before it serves (deploy/k8s), so several pods of one
service may run ``alembic upgrade head`` at the same moment: all of them must succeed,
and the database must end at head once."""

import asyncio
import os
import secrets
import subprocess
import sys

import asyncpg
import pytest

from tests.harness import SERVICE_DIRS, create_database, drop_database

PODS = 2


@pytest.mark.parametrize("service", ["catalog"])
def test_pods_migrating_at_once_all_succeed(service: str) -> None:
    name = f"lpx_test_{secrets.token_hex(4)}_migrate_{service}"
    url = create_database(name)
    try:
        env = {**os.environ, f"{service.upper()}_DATABASE_URL": url}
        command = [sys.executable, "-m", "alembic", "-c", "alembic.ini", "upgrade", "head"]
        pods = [
            subprocess.Popen(
                command,
                cwd=SERVICE_DIRS[service],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(PODS)
        ]
        outputs = [pod.communicate(timeout=120)[0] for pod in pods]
        for pod, output in zip(pods, outputs, strict=True):
            assert pod.returncode == 0, output
        heads = subprocess.run(
            [sys.executable, "-m", "alembic", "-c", "alembic.ini", "heads"],
            cwd=SERVICE_DIRS[service],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]

        async def versions() -> list[str]:
            conn = await asyncpg.connect(url.replace("+asyncpg", ""))
            try:
                return [r[0] for r in await conn.fetch("SELECT version_num FROM alembic_version")]
            finally:
                await conn.close()

        assert asyncio.run(versions()) == [heads]
    finally:
        drop_database(name)

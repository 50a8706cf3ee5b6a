"""Shared set-up for benchmarks: a fresh database (SQLite or a throwaway PostgreSQL)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if candidates:
        return os.path.dirname(candidates[-1])
    found = shutil.which("initdb")
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return os.path.dirname(found)


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL in a temporary directory; yields its URL; stops it afterwards."""
    existing = os.environ.get("PALIER_BENCH_DATABASE_URL")
    if existing:
        yield existing
        return
    pg_bin = _pg_bin()
    tmp = tempfile.mkdtemp(prefix="palier-bench-pg-")
    os.chmod(tmp, 0o755)
    data = os.path.join(tmp, "data")
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(tmp, "postgres")
    subprocess.run(
        as_postgres + [f"{pg_bin}/initdb", "-D", data, "-U", "postgres", "-A", "trust"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        as_postgres
        + [
            f"{pg_bin}/pg_ctl",
            "-D",
            data,
            "-w",
            "-l",
            os.path.join(tmp, "log"),
            "-o",
            options,
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            as_postgres
            + [
                f"{pg_bin}/psql",
                "-h",
                tmp,
                "-p",
                str(port),
                "-U",
                "postgres",
                "-q",
                "-c",
                "CREATE DATABASE palier_bench",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/palier_bench"
    finally:
        subprocess.run(
            as_postgres + [f"{pg_bin}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_app(database_url: str | None, data_dir: Path):
    """A Palier app on a freshly migrated database with the demo agency."""
    from flask_migrate import upgrade

    os.environ["PALIER_DATA_DIR"] = str(data_dir)
    os.environ["PALIER_DATABASE_URL"] = database_url or f"sqlite:///{data_dir / 'bench.db'}"
    from server import create_app
    from server.demo import load_demo

    app = create_app()
    with app.app_context():
        upgrade()
        load_demo()
    return app

"""Helpers of the end-to-end tests: the server process, the central database, the field app.

Nothing here sleeps for a fixed time: every wait is on a condition (Playwright's `expect`,
`wait_for_function`, or `wait_until` polling a database query against a deadline).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
PWA_DIR = ROOT / "pwa"
CHROMIUM = os.environ.get("PALIER_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DEMO_PASSWORD = "palier-demo"
T = TypeVar("T")


# --------------------------------------------------------------------------- waiting


def wait_until(
    condition: Callable[[], T], timeout: float = 20.0, message: str = "condition", every=0.05
) -> T:
    """Poll `condition()` until it returns something truthy (returned), or fail at the deadline."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    last: Any = None
    while True:
        last = condition()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout:.0f} s waiting for {message} (last value: {last!r})"
            )
        pause.wait(every)


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- the server


def server_env(data_dir: Path, pwa_dist: Path | None = None) -> dict[str, str]:
    """The environment of a server process on `data_dir` (SQLite inside it)."""
    env = dict(os.environ)
    env["PALIER_DATA_DIR"] = str(data_dir)
    env["PALIER_DATABASE_URL"] = f"sqlite:///{data_dir / 'palier.db'}"
    env["PALIER_PWA_DIST"] = str(pwa_dist or PWA_DIR / "dist")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def run_cli(data_dir: Path, *args: str, pwa_dist: Path | None = None) -> str:
    """Run `python -m server <args>` on `data_dir`; returns its output (fails loudly)."""
    done = subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=ROOT,
        env=server_env(data_dir, pwa_dist),
        capture_output=True,
        text=True,
        timeout=180,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"python -m server {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def prepare_demo_data(data_dir: Path) -> None:
    """`python -m server init` then `python -m server demo` into an empty data dir."""
    data_dir.mkdir(parents=True, exist_ok=True)
    run_cli(data_dir, "init")
    run_cli(data_dir, "demo")


class ServerProcess:
    """`python -m server serve` on a fixed port and data dir; stop and start it again at will."""

    def __init__(self, data_dir: Path, pwa_dist: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.pwa_dist = pwa_dist
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self.proc: subprocess.Popen | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "palier.db"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=2) as response:
                return response.status == 200 and json.load(response).get("status") == "ok"
        except (OSError, ValueError):
            return False

    def start(self, timeout: float = 30.0) -> ServerProcess:
        """Start the process and wait until /api/v1/health answers."""
        assert self.proc is None, "already running"
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--threads",
                "4",
            ],
            cwd=ROOT,
            env=server_env(self.data_dir, self.pwa_dist),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"server exited ({self.proc.returncode}):\n{self.log_tail()}")
            return self._healthy()

        wait_until(ready, timeout, "the server's /api/v1/health")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it lingers; wait until the port no longer answers."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        wait_until(lambda: not self._healthy(), 10, "the server to stop answering")

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def cli(self, *args: str) -> str:
        """Run a `python -m server` command on this server's data dir."""
        return run_cli(self.data_dir, *args, pwa_dist=self.pwa_dist)

    # ----------------------------------------------------------------- the central database

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Read-only query on the central SQLite database."""
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        try:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def visite(self, visite_id: str) -> sqlite3.Row | None:
        rows = self.query("SELECT * FROM visite WHERE id = ?", (visite_id,))
        return rows[0] if rows else None

    def blob_files(self) -> list[Path]:
        """Stored photo files (thumbnails excluded)."""
        if not self.blob_dir.exists():
            return []
        return sorted(p for p in self.blob_dir.rglob("*.jpg") if not p.name.endswith(".thumb.jpg"))

    def logement(self, code: str) -> sqlite3.Row:
        rows = self.query(
            "SELECT l.id, l.numero, l.code, b.nom AS batiment, r.nom AS residence "
            "FROM logement l JOIN batiment b ON b.id = l.batiment_id "
            "JOIN residence r ON r.id = l.residence_id WHERE l.code = ?",
            (code,),
        )
        assert rows, f"no logement {code}"
        return rows[0]

    def devices_of(self, login: str) -> list[sqlite3.Row]:
        return self.query(
            "SELECT d.* FROM device d JOIN user_account u ON u.id = d.user_id "
            "WHERE u.login = ? ORDER BY d.created_at",
            (login,),
        )


def fresh_server(template: Path, tmp: Path, pwa_dist: Path) -> ServerProcess:
    """A server on a copy of the demo data dir (init + demo were run once into `template`)."""
    data_dir = tmp / "server-data"
    shutil.copytree(template, data_dir)
    return ServerProcess(data_dir, pwa_dist).start()


# --------------------------------------------------------------------------- test images


def jpeg_with_gps(path: Path, colour: tuple[int, int, int] = (90, 140, 200)) -> Path:
    """Write a real 1600×1200 JPEG carrying EXIF with GPS coordinates; check they are there."""
    image = Image.new("RGB", (1600, 1200), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, 1600, 80):
        draw.line([(x, 0), (1600 - x, 1200)], fill=(255 - colour[0], 60, 30), width=9)
    draw.rectangle([500, 400, 1100, 800], fill=(240, 230, 200))
    exif = Image.Exif()
    exif[0x010F] = "Palier"  # Make
    exif[0x0110] = "Tablette de test"  # Model
    exif[0x8825] = {1: "N", 2: (45.0, 46.0, 12.5), 3: "E", 4: (4.0, 52.0, 3.1)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    with Image.open(path) as check:
        gps = check.getexif().get_ifd(0x8825)
        assert gps.get(1) == "N" and gps.get(2), "the test photo must carry GPS EXIF"
    return path


# --------------------------------------------------------------------------- the field app

"""Configuration read from the environment (PALIER_*)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import orjson

MAX_REQUEST_BYTES = 25 * 1024 * 1024


def json_dumps(value: object) -> str:
    """Compact JSON text for database JSON columns."""
    return orjson.dumps(value).decode()


def normalise_database_url(url: str) -> str:
    """Make PostgreSQL URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(data_dir: Path) -> str:
    key = os.environ.get("PALIER_SECRET_KEY")
    if key:
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def retention_overrides(environ: dict[str, str]) -> dict[str, int]:
    """Per-entity retention in days, from PALIER_RETENTION_DAYS_<ENTITY> (server/retention.py)."""
    prefix = "PALIER_RETENTION_DAYS_"
    return {
        name[len(prefix) :].lower(): int(value)
        for name, value in environ.items()
        if name.startswith(prefix) and value.strip()
    }


def load_config() -> dict:
    """Build the Flask config mapping from PALIER_* environment variables."""
    data_dir = Path(os.environ.get("PALIER_DATA_DIR", "instance")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("PALIER_DATABASE_URL") or f"sqlite:///{data_dir / 'palier.db'}"
    pwa_dist = os.environ.get("PALIER_PWA_DIST") or str(
        Path(__file__).resolve().parent.parent / "pwa" / "dist"
    )
    return {
        "PALIER_DATA_DIR": str(data_dir),
        "PALIER_BLOB_DIR": str(data_dir / "blobs"),
        "PALIER_PWA_DIST": pwa_dist,
        "SECRET_KEY": _secret_key(data_dir),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            # JSON columns (field clocks, photo ids, ledger) are read and written a lot.
            "json_serializer": json_dumps,
            "json_deserializer": orjson.loads,
        },
        "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "PALIER_LOGIN_MAX_FAILURES": int(os.environ.get("PALIER_LOGIN_MAX_FAILURES", "5")),
        "PALIER_LOGIN_LOCK_SECONDS": int(os.environ.get("PALIER_LOGIN_LOCK_SECONDS", "300")),
        "PALIER_TOMBSTONE_RETENTION_DAYS": int(
            os.environ.get("PALIER_TOMBSTONE_RETENTION_DAYS", "90")
        ),
        "PALIER_RETENTION_DAYS": retention_overrides(dict(os.environ)),
    }

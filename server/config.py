"""Configuration read from the environment (PALIER_*)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import orjson

from server.documents.addenda import debut_chauffe
from server.mail import parse_mailbox

MAX_REQUEST_BYTES = 25 * 1024 * 1024
SMTP_SECURITY_MODES = ("starttls", "ssl", "none")
SMTP_DEFAULT_PORT = 587
SMTP_TIMEOUT_SECONDS = 20.0


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


SECURE_COOKIE_MODES = ("auto", "on", "off")


def secure_cookies(value: str | None) -> str:
    """PALIER_SECURE_COOKIES: `auto` (the default: Secure when the request came over HTTPS),
    `on` or `off`; anything else stops the start with a French message."""
    mode = (value or "auto").strip().lower()
    if mode not in SECURE_COOKIE_MODES:
        raise ValueError(f"PALIER_SECURE_COOKIES vaut « {value} » : auto, on ou off sont attendus.")
    return mode


def retention_overrides(environ: dict[str, str]) -> dict[str, int]:
    """Per-entity retention in days, from PALIER_RETENTION_DAYS_<ENTITY> (server/retention.py)."""
    prefix = "PALIER_RETENTION_DAYS_"
    return {
        name[len(prefix) :].lower(): int(value)
        for name, value in environ.items()
        if name.startswith(prefix) and value.strip()
    }


def _days(name: str, value: str) -> int:
    """A number of days from the environment; anything else stops the start in French."""
    text = value.strip()
    if not text.isdigit():
        raise ValueError(
            f"{name} vaut « {value} » : un nombre de jours (entier positif) est attendu."
        )
    return int(text)


def retention_settings(environ: dict[str, str]) -> dict[str, int]:
    """The retention periods set by PALIER_RETENTION_<RULE>_DAYS (the families declare their
    rule and default, server/retention_rules.py the access logs'), by variable name."""
    return {
        name: _days(name, value)
        for name, value in environ.items()
        if name.startswith("PALIER_RETENTION_")
        and name.endswith("_DAYS")
        and not name.startswith("PALIER_RETENTION_DAYS_")
        and value.strip()
    }


def smtp_problem(host: str, security: str, sender: str) -> str:
    """What is wrong with the SMTP settings, in French ("" when nothing is)."""
    if security not in SMTP_SECURITY_MODES:
        return f"PALIER_SMTP_SECURITY vaut « {security} » : starttls, ssl ou none sont attendus."
    if host and not sender:
        return "PALIER_SMTP_FROM est obligatoire quand PALIER_SMTP_HOST est défini."
    if sender and parse_mailbox(sender) is None:
        return f"PALIER_SMTP_FROM n'est pas une adresse e-mail valide : « {sender} »."
    return ""


def smtp_config(environ: dict[str, str]) -> dict[str, object]:
    """The SMTP settings from PALIER_SMTP_* (no host: e-mail is off).

    A bad setting turns e-mail off with its reason in PALIER_SMTP_ERROR, shown by the back office
    and logged at start: the field devices' sync must not stop for a mail setting.
    """
    host = environ.get("PALIER_SMTP_HOST", "").strip()
    security = (environ.get("PALIER_SMTP_SECURITY") or "starttls").strip().lower()
    sender = environ.get("PALIER_SMTP_FROM", "").strip()
    problem = smtp_problem(host, security, sender)
    port = (environ.get("PALIER_SMTP_PORT") or "").strip() or str(SMTP_DEFAULT_PORT)
    if not problem and not (port.isdigit() and 0 < int(port) < 65536):
        problem = f"PALIER_SMTP_PORT vaut « {port} » : un numéro de port est attendu."
    return {
        "PALIER_SMTP_HOST": "" if problem else host,
        "PALIER_SMTP_PORT": int(port) if port.isdigit() else SMTP_DEFAULT_PORT,
        "PALIER_SMTP_USER": environ.get("PALIER_SMTP_USER", ""),
        "PALIER_SMTP_PASSWORD": environ.get("PALIER_SMTP_PASSWORD", ""),
        "PALIER_SMTP_SECURITY": security,
        "PALIER_SMTP_FROM": sender,
        "PALIER_SMTP_TIMEOUT": SMTP_TIMEOUT_SECONDS,
        "PALIER_SMTP_ERROR": problem,
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
        "PALIER_LOGIN_MAX_FAILURES_PER_ADDRESS": int(
            os.environ.get("PALIER_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
        ),
        "PALIER_SESSION_IDLE_SECONDS": int(os.environ.get("PALIER_SESSION_IDLE_SECONDS", "1800")),
        # the field app locks itself (key dropped, PIN or password asked) after this idle time
        "PALIER_DEVICE_LOCK_SECONDS": max(
            1, int(os.environ.get("PALIER_DEVICE_LOCK_SECONDS", "300"))
        ),
        "PALIER_SECURE_COOKIES": secure_cookies(os.environ.get("PALIER_SECURE_COOKIES")),
        "PALIER_PROXY_HOPS": int(os.environ.get("PALIER_PROXY_HOPS", "0")),
        "PALIER_TOMBSTONE_RETENTION_DAYS": int(
            os.environ.get("PALIER_TOMBSTONE_RETENTION_DAYS", "90")
        ),
        "PALIER_RETENTION_DAYS": retention_overrides(dict(os.environ)),
        "PALIER_RETENTION_SETTINGS": retention_settings(dict(os.environ)),
        # a device uploads a photo before the record naming it: an unnamed blob younger than
        # this is kept by the purge
        "PALIER_BLOB_GRACE_DAYS": _days(
            "PALIER_BLOB_GRACE_DAYS", os.environ.get("PALIER_BLOB_GRACE_DAYS", "7")
        ),
        "PALIER_AGENCY_NAME": os.environ.get("PALIER_AGENCY_NAME", "").strip(),
        # "MM-DD": the heating season's start, for heating addenda (checked here: a bad
        # value stops the start rather than judging addenda against a wrong season)
        "PALIER_DEBUT_CHAUFFE": "{:02d}-{:02d}".format(
            *debut_chauffe(os.environ.get("PALIER_DEBUT_CHAUFFE"))
        ),
        **smtp_config(dict(os.environ)),
    }

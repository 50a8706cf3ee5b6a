"""Palier's Flask application factory."""

from __future__ import annotations

import gc
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from server.config import load_config
from server.extensions import csrf, db, migrate
from server.json_provider import OrjsonProvider


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Fewer, larger checkpoints: a push batch writes a few hundred pages.
    cursor.execute("PRAGMA wal_autocheckpoint=8000")
    cursor.close()


event.listen(Engine, "connect", _sqlite_pragmas)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Create and configure the Palier application."""
    app = Flask(__name__, static_folder="static", static_url_path="/static/bo")
    app.json = OrjsonProvider(app)
    app.config.update(load_config())
    if overrides:
        app.config.update(overrides)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    csrf.init_app(app)

    from server import models  # noqa: F401  (register every table)
    from server.api import register_api
    from server.backoffice import bp as backoffice_bp
    from server.cookies import configure_cookies
    from server.errors import register_error_handlers
    from server.field_app import bp as field_app_bp
    from server.security import register_security_headers

    register_api(app)
    app.register_blueprint(backoffice_bp)
    app.register_blueprint(field_app_bp)
    register_error_handlers(app)
    register_security_headers(app)
    configure_cookies(app)
    if app.config.get("PALIER_SMTP_ERROR"):
        app.logger.warning("E-mail off: %s", app.config["PALIER_SMTP_ERROR"])
    # What is alive now (Flask, SQLAlchemy, marshmallow, the app) lives as long as the process:
    # freezing it keeps the collector's full passes short while a push allocates its batch.
    gc.collect()
    gc.freeze()
    return app


def _migrations_dir() -> Any:
    from pathlib import Path

    return Path(__file__).resolve().parent / "migrations"

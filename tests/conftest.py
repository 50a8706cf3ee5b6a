"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from server import create_app
from server.extensions import db

PG_URL = os.environ.get("PALIER_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary PALIER_DATA_DIR for the whole session."""
    return tmp_path_factory.mktemp("palier-data")


@pytest.fixture(scope="session")
def database_url(data_dir: Path) -> str:
    """SQLite in the data dir, or the PostgreSQL given by PALIER_TEST_DATABASE_URL."""
    return PG_URL or f"sqlite:///{data_dir / 'test.db'}"


def make_app(data_dir: Path, database_url: str) -> Flask:
    """An app configured for tests on the given database."""
    os.environ["PALIER_DATA_DIR"] = str(data_dir)
    os.environ["PALIER_DATABASE_URL"] = database_url
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": True, "SERVER_NAME": "localhost"})


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[Flask]:
    """The app, its database created by the migrations (never by create_all)."""
    from flask_migrate import upgrade

    application = make_app(data_dir, database_url)
    with application.app_context():
        if database_url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
    yield application


@pytest.fixture(autouse=True)
def _clean_database(app: Flask) -> Iterator[None]:
    """Each test starts from empty tables."""
    yield
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context for direct use of models and services."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()

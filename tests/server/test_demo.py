"""The demo agency: sizes, determinism, idempotence, users and their scope."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from server.demo import demo_csv_files, load_demo
from server.extensions import db
from server.models import Bail, Batiment, Logement, Residence, Secteur, User
from server.policy import residence_scope


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_agency_sizes_and_idempotence(app: Flask) -> None:
    with app.app_context():
        first = load_demo()
        assert first["users_created"] == [
            "gestionnaire",
            "gestionnaire2",
            "gardien",
            "backoffice",
            "admin",
        ]
        assert (count(Secteur), count(Residence), count(Batiment), count(Logement)) == (
            2,
            6,
            20,
            600,
        )
        assert 500 < count(Bail) < 600
        second = load_demo()
        assert second["users_created"] == []
        assert all(c["crees"] == 0 and c["modifies"] == 0 for c in second["referentiel"].values())
        typologies = set(db.session.scalars(select(Logement.typologie)))
        assert typologies == {"T1", "T2", "T3", "T4", "T5", "T6"}


def test_demo_is_deterministic() -> None:
    assert demo_csv_files() == demo_csv_files()


def test_demo_users_scope(app: Flask) -> None:
    with app.app_context():
        load_demo()
        users = {u.login: u for u in db.session.scalars(select(User))}
        secteur_1 = set(
            db.session.scalars(select(Residence.id).join(Secteur).where(Secteur.code == "S1"))
        )
        assert residence_scope(users["gestionnaire"]) == secteur_1
        assert len(secteur_1) == 3
        gardien = residence_scope(users["gardien"])
        assert len(gardien) == 2 and gardien < secteur_1
        assert residence_scope(users["gestionnaire2"]).isdisjoint(secteur_1)
        assert residence_scope(users["backoffice"]) is None
        assert residence_scope(users["admin"]) is None

"""Importing the référentiel from CSV: bad rows reported, nothing half-imported."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.extensions import db
from server.models import Bail, ChangeLog, Locataire, Logement, Residence
from server.referentiel import apply_import, plan_import
from server.referentiel_io import read_folder, stable_id
from tests.server.conftest import R3, SMALL_AGENCY
from tests.server.sync_helpers import FakeDevice


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_import_creates_everything_with_residence_ids(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        plan = plan_import(read_folder(write_folder(tmp_path / "ref", SMALL_AGENCY)))
        assert plan.errors == []
        assert apply_import(plan) == {
            "residence": {"crees": 3, "modifies": 0, "inchanges": 0},
            "batiment": {"crees": 3, "modifies": 0, "inchanges": 0},
            "logement": {"crees": 4, "modifies": 0, "inchanges": 0},
            "locataire": {"crees": 2, "modifies": 0, "inchanges": 0},
            "bail": {"crees": 2, "modifies": 0, "inchanges": 0},
            "grille_vetuste": {"crees": 1, "modifies": 0, "inchanges": 0},
        }
        db.session.commit()
        logement = db.session.get(Logement, stable_id("logement", "R1-A-101"))
        assert (logement.numero, logement.typologie, logement.surface) == ("101", "T3", 64.5)
        assert logement.residence_id == stable_id("residence", "R1")
        tenant = db.session.get(Locataire, stable_id("locataire", "L2"))
        assert tenant.residence_id == stable_id("residence", "R3")
        bail = db.session.get(Bail, stable_id("bail", "B1"))
        assert str(bail.loyer) == "412.50"
        assert bail.debut.isoformat() == "2019-09-01"
        assert db.session.scalar(select(func.count()).select_from(ChangeLog)) == 15


def test_reimport_changes_only_what_changed(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        apply_import(plan_import(read_folder(write_folder(tmp_path / "a", SMALL_AGENCY))))
        db.session.commit()
        changed = dict(SMALL_AGENCY)
        changed["residences.csv"] = changed["residences.csv"].replace("Les Tilleuls", "Tilleuls")
        plan = plan_import(read_folder(write_folder(tmp_path / "b", changed)))
        assert plan.summary()["residence"] == {"crees": 0, "modifies": 1, "inchanges": 2}
        assert plan.summary()["logement"] == {"crees": 0, "modifies": 0, "inchanges": 4}
        apply_import(plan)
        db.session.commit()
        residence = db.session.get(Residence, stable_id("residence", "R1"))
        assert (residence.nom, residence.version) == ("Tilleuls", 2)


def test_bad_rows_are_reported_with_file_and_line_and_nothing_is_written(
    app: Flask, tmp_path: Path
) -> None:
    bad = dict(SMALL_AGENCY)
    bad["logements.csv"] = (
        "code;batiment_code;numero;etage;typologie;surface;nature\n"
        "X-1;R1-A;1;un;T3;40;logement\n"
        "X-2;R9-Z;2;1;T3;40;logement\n"
        "X-3;R1-A;3;1;T9;40;logement\n"
        "X-4;R1-A;;1;T3;40;logement\n"
    )
    with app.app_context():
        plan = plan_import(read_folder(write_folder(tmp_path / "bad", bad)))
        assert [str(e) for e in plan.errors] == [
            "logements.csv, ligne 2 : « etage » doit être un nombre entier (reçu « un »)",
            "logements.csv, ligne 4 : « typologie » doit valoir T1, T2, T3, T4, T5, T6"
            " (reçu « T9 »)",
            "logements.csv, ligne 5 : valeur manquante : numero",
            "logements.csv, ligne 3 : bâtiment inconnu « R9-Z »",
            "baux.csv, ligne 2 : logement inconnu « R1-A-101 »",
            "baux.csv, ligne 3 : logement inconnu « R3-A-501 »",
        ]
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Residence)) == 0


def test_missing_columns_and_empty_folder(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        folder = write_folder(tmp_path / "cols", {"residences.csv": "code;nom\nR1;X\n"})
        errors = [str(e) for e in read_folder(folder).errors]
        assert errors == ["residences.csv, ligne 1 : colonnes manquantes : secteur_code"]
        empty = tmp_path / "empty"
        empty.mkdir()
        assert "aucun fichier attendu" in str(read_folder(empty).errors[0])


def test_comma_separated_with_bom_is_accepted(app: Flask, tmp_path: Path) -> None:
    files = {
        "residences.csv": "\ufeffcode,nom,secteur_code\nR7,Les Lilas,S1\n",
    }
    with app.app_context():
        plan = plan_import(read_folder(write_folder(tmp_path / "comma", files)))
        assert plan.errors == []
        assert plan.summary() == {"residence": {"crees": 1, "modifies": 0, "inchanges": 0}}


def test_a_logement_moved_by_an_import_leaves_the_old_scope_as_removals(
    app: Flask, client: FlaskClient, login_device, tmp_path: Path
) -> None:
    """The logement, its bail and its tenant move to R3: R1's devices drop them, R3's get them."""
    gardien = FakeDevice(client, login_device("gardien"))
    south = FakeDevice(client, login_device("gestionnaire2"))
    _, gardien_cursor = gardien.pull_all()
    _, south_cursor = south.pull_all()
    moved = dict(SMALL_AGENCY)
    moved["logements.csv"] = moved["logements.csv"].replace("R1-A-101;R1-A;", "R1-A-101;R3-A;")
    with app.app_context():
        plan = plan_import(read_folder(write_folder(tmp_path / "moved", moved)))
        assert plan.errors == []
        apply_import(plan)
        db.session.commit()
    logement, locataire, bail = (
        stable_id("logement", "R1-A-101"),
        stable_id("locataire", "L1"),
        stable_id("bail", "B1"),
    )
    gone, _ = gardien.pull_all(gardien_cursor)
    assert [{k: v for k, v in c.items() if k != "hlc"} for c in gone] == [
        {"entity": e, "record": r, "version": 2, "deleted": True, "fields": {}, "removed": True}
        for e, r in (("logement", logement), ("locataire", locataire), ("bail", bail))
    ]
    arrived, _ = south.pull_all(south_cursor)
    assert [(c["entity"], c["record"], c["fields"]["residence_id"]) for c in arrived] == [
        ("logement", logement, R3),
        ("locataire", locataire, R3),
        ("bail", bail, R3),
    ]

"""Référentiel import from the back office: upload, preview with bad rows, confirm."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry, Logement, Residence
from tests.server.test_backoffice_support import add_user, bo_login, page, post

RESIDENCES = (
    "code;nom;adresse;code_postal;ville;secteur_code;secteur_nom\n"
    "R1;Les Tilleuls (rénovée);12 rue des Tilleuls;69100;Villeurbanne;S1;Secteur Nord\n"
    "R4;Le Parc;3 allée du Parc;69500;Bron;S2;Secteur Sud\n"
)
BATIMENTS = "code;residence_code;nom;adresse;etages\nR4-A;R4;Bâtiment A;3 allée du Parc;5\n"
LOGEMENTS_BAD = (
    "code;batiment_code;numero;etage;typologie;surface;nature\n"
    "R4-A-101;R4-A;101;1;T3;60;logement\n"
    "R4-A-102;R4-A;102;un;T2;45;logement\n"
    "R4-A-103;R9-Z;103;1;T7;45;logement\n"
)
LOGEMENTS_GOOD = (
    "code;batiment_code;numero;etage;typologie;surface;nature\nR4-A-101;R4-A;101;1;T3;60;logement\n"
)


def _upload(client: FlaskClient, token: str, files: dict[str, str], field: str = "fichiers"):
    data: dict = {"csrf_token": token}
    if field == "fichiers":
        data["fichiers"] = [(io.BytesIO(text.encode()), name) for name, text in files.items()]
    else:
        for name, text in files.items():
            data[name] = (io.BytesIO(text.encode()), "export.csv")
    return client.post("/bo/referentiel", data=data, content_type="multipart/form-data")


def _token(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/bo/referentiel/([0-9a-f]{32})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def test_upload_page(client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    html = page(client, "/bo/referentiel")
    assert 'enctype="multipart/form-data"' in html
    assert 'name="fichier_logement"' in html and "residences.csv" in html


def test_preview_then_confirm(app: Flask, client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    files = {
        "residences.csv": RESIDENCES,
        "batiments.csv": BATIMENTS,
        "logements.csv": LOGEMENTS_GOOD,
    }
    import_token = _token(_upload(client, token, files))
    folder = Path(app.config["PALIER_DATA_DIR"]) / "imports" / import_token
    assert sorted(p.name for p in folder.iterdir()) == [
        "batiments.csv",
        "logements.csv",
        "meta.json",
        "residences.csv",
    ]
    html = page(client, f"/bo/referentiel/{import_token}")
    assert "<tr><td>Résidences</td><td>1</td><td>1</td><td>0</td></tr>" in html
    assert "<tr><td>Bâtiments</td><td>1</td><td>0</td><td>0</td></tr>" in html
    assert "R4 (créé)" in html and "R1 (modifié)" in html
    assert "Confirmer l'import" in html
    with app.app_context():
        assert db.session.execute(select(Residence).where(Residence.code == "R4")).first() is None
    response = post(client, f"/bo/referentiel/{import_token}/confirmer", token)
    assert response.status_code == 302
    assert "Référentiel importé : 3 créé(s), 1 modifié(s)." in page(client, "/bo/referentiel")
    assert not folder.exists()
    with app.app_context():
        assert db.session.execute(
            select(Residence.nom).where(Residence.code == "R1")
        ).scalar_one() == ("Les Tilleuls (rénovée)")
        logement = db.session.execute(
            select(Logement).where(Logement.code == "R4-A-101")
        ).scalar_one()
        assert logement.residence_id is not None
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "referentiel_import")
        ).scalar_one()
        assert entry.details["files"] == ["batiments.csv", "logements.csv", "residences.csv"]
        assert entry.details["residence"] == {"crees": 1, "modifies": 1, "inchanges": 0}


def test_bad_rows_are_reported_and_nothing_imported(
    app: Flask, client: FlaskClient, agency: None
) -> None:
    token = bo_login(client, "admin")
    files = {
        "fichier_residence": RESIDENCES,
        "fichier_batiment": BATIMENTS,
        "fichier_logement": LOGEMENTS_BAD,
    }
    import_token = _token(_upload(client, token, files, field="per-type"))
    html = page(client, f"/bo/referentiel/{import_token}")
    assert "2 ligne(s) en erreur" in html
    assert "<tr><td>logements.csv</td><td>3</td><td>« etage » doit être un nombre entier" in html
    assert "<tr><td>logements.csv</td><td>4</td>" in html
    assert "/confirmer" not in html
    response = post(client, f"/bo/referentiel/{import_token}/confirmer", token)
    assert response.headers["Location"] == f"/bo/referentiel/{import_token}"
    with app.app_context():
        assert db.session.execute(select(Residence).where(Residence.code == "R4")).first() is None
        assert (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.action == "referentiel_import")
            ).first()
            is None
        )


def test_unknown_file_name_is_refused(client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    response = _upload(client, token, {"export.csv": RESIDENCES})
    assert response.status_code == 400
    assert "Fichier « export.csv » non reconnu" in response.get_data(as_text=True)
    empty = client.post("/bo/referentiel", data={"csrf_token": token})
    assert empty.status_code == 400
    assert "Choisissez au moins un fichier CSV." in empty.get_data(as_text=True)


def test_cancel_and_unknown_tokens(app: Flask, client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    import_token = _token(_upload(client, token, {"residences.csv": RESIDENCES}))
    post(client, f"/bo/referentiel/{import_token}/annuler", token)
    assert not (Path(app.config["PALIER_DATA_DIR"]) / "imports" / import_token).exists()
    response = client.get(f"/bo/referentiel/{import_token}")
    assert response.headers["Location"] == "/bo/referentiel"
    assert "Import introuvable ou expiré" in page(client, "/bo/referentiel")
    assert client.get("/bo/referentiel/..%2F..%2Fetc").status_code in (302, 404)


def test_another_user_cannot_confirm(app: Flask, client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    import_token = _token(_upload(client, token, {"residences.csv": RESIDENCES}))
    add_user(app, "admin2", "Seconde administratrice", "admin")
    other = app.test_client()
    other_token = bo_login(other, "admin2")
    response = post(other, f"/bo/referentiel/{import_token}/confirmer", other_token)
    assert response.headers["Location"] == "/bo/referentiel"
    assert "déposé par un autre utilisateur" in page(other, "/bo/referentiel")
    with app.app_context():
        assert db.session.execute(select(Residence).where(Residence.code == "R4")).first() is None


def test_back_office_may_not_import_the_referentiel(client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "backoffice")
    assert client.get("/bo/referentiel").status_code == 403
    assert post(client, "/bo/referentiel", token).status_code == 403
    assert post(client, "/bo/referentiel/" + "0" * 32 + "/confirmer", token).status_code == 403
    assert 'href="/bo/referentiel"' not in page(client, "/bo/")

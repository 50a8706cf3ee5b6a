"""The data-subject export (issue 13): one locataire present in three families, the mis en
cause of her dossier, the audit entry, the page's access rules and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry
from tests.server.edl_backoffice import MARIE
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post
from tests.server.test_backoffice_troubles import text_of
from tests.server.test_subject_export_support import HENRI, ThreeFamilies, fold, ids, one, unzip

PAGE = "/bo/droit-acces"
EXPORT = "/bo/droit-acces/export"


@pytest.fixture
def marie(app: Flask, client: FlaskClient, tablet: FakeDevice) -> ThreeFamilies:
    return ThreeFamilies(app, client, tablet)


def export(client: FlaskClient, **form: str) -> Any:
    token = bo_login(client)
    response = post(client, EXPORT, token, **form)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    return response


def audits(app: Flask) -> list[tuple[str, str, dict]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "subject_export")
        ).scalars()
        return [(a.target, a.user_id is not None and "ok", a.details) for a in rows]


def test_marie_s_export_holds_her_three_families_and_masks_the_others(
    app: Flask, client: FlaskClient, marie: ThreeFamilies
) -> None:
    response = export(client, locataire_id=MARIE)
    assert "droit-acces-l1-" in response.headers["Content-Disposition"]
    doc, json_text, pdf_text, names = unzip(response.data)
    assert names == ["donnees.json", "donnees.pdf"]
    assert doc["person"] == {
        "nom": "DUPONT",
        "prenom": "Marie",
        "locataire_id": MARIE,
        "code": "L1",
    }
    assert doc["generated_by"] == "Sylvie Mercier"
    assert doc["counts"] == {
        "referentiel": 2,
        "etats_des_lieux": 9,
        "reclamations": 1,
        "permanences": 2,
        "troubles": 4,
    }
    assert doc["masks"] == 5
    assert ids(doc, "etats_des_lieux", "etat_des_lieux") == [marie.edl]
    assert ids(doc, "permanences", "contact_permanence") == [marie.contact]
    assert ids(doc, "reclamations", "reclamation") == [marie.reclamation]
    assert ids(doc, "troubles", "dossier_trouble") == [marie.dossier]
    assert ids(doc, "troubles", "entretien") == [marie.entretien]  # never Henri's
    assert doc["troubles_roles"] == {marie.dossier: ["plaignant"]}
    entretien = one(doc, "troubles", "entretien")
    assert entretien["faits_declares"] == (
        "Mme Dupont déclare que M. [tiers] met la musique forte après 23 h."
    )
    assert entretien["version_autre_partie"] == "[tiers] dit ne rien entendre."
    assert entretien["mene_par"] == "Claire Fontaine"  # staff are not third parties
    fait = one(doc, "troubles", "fait")
    assert (fait["signale_par"], fait["temoins"]) == ("Marie Dupont", "[tiers]")
    assert one(doc, "permanences", "contact_permanence")["demande"] == (
        "Se plaint de la musique de M. [tiers], au 102."
    )
    for text in (json_text, pdf_text):
        assert "lefevre" not in fold(text)
        assert "diallo" not in fold(text)
        assert "Dupont" in text
    assert HENRI not in json_text
    assert "Droit d'accès aux données personnelles" in pdf_text
    assert "Personne concernée Marie DUPONT (locataire L1)" in pdf_text
    assert "Faits déclarés Mme Dupont déclare que M. [tiers] met la musique forte" in pdf_text
    assert "Qualité de la personne entendue Plaignant" in pdf_text
    assert "Date de l'état des lieux 29/11/2026 à 10h00" in pdf_text
    assert "Photo : Éclat (prise le 29/11/2026 à 10h15)" in pdf_text
    assert audits(app) == [
        (
            f"locataire:{MARIE}",
            "ok",
            {
                "familles": {
                    "referentiel": 2,
                    "etats_des_lieux": 9,
                    "reclamations": 1,
                    "permanences": 2,
                    "troubles": 4,
                },
                "masques": 5,
            },
        )
    ]


def test_the_mis_en_cause_s_export_never_names_the_plaignant(
    app: Flask, client: FlaskClient, marie: ThreeFamilies
) -> None:
    doc, json_text, pdf_text, _names = unzip(export(client, locataire_id=HENRI).data)
    assert doc["counts"] == {"referentiel": 2, "troubles": 4}
    assert doc["troubles_roles"] == {marie.dossier: ["mis_en_cause"]}
    assert ids(doc, "troubles", "entretien") == [marie.henri_entretien]
    assert marie.entretien not in json_text
    assert one(doc, "troubles", "dossier_trouble")["description"] == (
        "Musique forte après 23 h, signalée par Mme [tiers]."
    )
    fait = one(doc, "troubles", "fait")
    assert (fait["signale_par"], fait["temoins"]) == ("[tiers]", "[tiers]")
    assert one(doc, "troubles", "entretien")["faits_declares"] == (
        "M. Lefèvre conteste ; il dit que Mme [tiers] claque les portes."
    )
    for text in (json_text, pdf_text):
        assert "dupont" not in fold(text)
        assert "marie" not in fold(text)
        assert "Lefèvre" in text
    assert "Qualité de la personne dans ce dossier Mis en cause" in pdf_text
    assert [(t, d["masques"]) for t, _ok, d in audits(app)] == [(f"locataire:{HENRI}", 4)]


def test_a_person_found_by_name_alone_is_exported_by_name(
    app: Flask, client: FlaskClient, marie: ThreeFamilies
) -> None:
    bo_login(client)
    html = page(client, f"{PAGE}?chercher=1&nom=lefevre")
    text = text_of(html)
    assert "Henri LEFÈVRE (locataire L3)" in text
    assert "Troubles de voisinage 4" in text
    doc, _json_text, _pdf_text, _names = unzip(export(client, nom="Dupont", prenom="Marie").data)
    assert doc["person"] == {"nom": "Dupont", "prenom": "Marie", "locataire_id": None, "code": ""}
    # by name alone: her EDL (a party), her dossier; not the contact, which names her by id
    assert ids(doc, "etats_des_lieux", "etat_des_lieux") == [marie.edl]
    assert ids(doc, "troubles", "entretien") == [marie.entretien]
    assert "permanences" not in doc["families"]
    assert [t for t, _ok, _d in audits(app)] == ["personne:Marie Dupont"]


def test_the_search_lists_where_she_appears(client: FlaskClient, marie: ThreeFamilies) -> None:
    bo_login(client)
    text = text_of(page(client, f"{PAGE}?chercher=1&nom=DUPONT&prenom=marie"))
    assert "Marie DUPONT (locataire L1)" in text
    assert (
        "Locataire et baux 2 États des lieux 9 Réclamations 1 Permanences 2 "
        "Troubles de voisinage 4" in text
    )
    assert "Exporter (ZIP) — Marie DUPONT" in text
    by_reference = text_of(page(client, f"{PAGE}?chercher=1&locataire=L1"))
    assert "Marie DUPONT (locataire L1)" in by_reference
    assert "Droit d'accès" in text_of(page(client, "/bo/"))


@pytest.mark.parametrize("user", ["gestionnaire", "gardien"])
def test_field_roles_are_refused(app: Flask, client: FlaskClient, agency: None, user: str) -> None:
    token = bo_login(client, user)
    assert client.get(f"{PAGE}?chercher=1&nom=Dupont").status_code == 403
    assert post(client, EXPORT, token, locataire_id=MARIE).status_code == 403
    assert "Droit d'accès" not in page(client, "/bo/")
    assert audits(app) == []


def test_an_admin_may_export(client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    response = post(client, EXPORT, token, locataire_id=MARIE)
    assert response.status_code == 200
    doc, _json_text, pdf_text, _names = unzip(response.data)
    assert doc["counts"] == {"referentiel": 2}
    assert doc["generated_by"] == "Admin Palier"
    assert "Locataire et baux 2 enregistrements" in pdf_text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        (
            "chercher=1&nom=&prenom=Marie",
            400,
            "Saisissez un nom (et, si vous le connaissez, un prénom) ou la référence d'un "
            "locataire.",
        ),
        ("chercher=1&locataire=L999", 404, "Aucun locataire n'a la référence « L999 »."),
        (
            "chercher=1&nom=" + "x" * 121,
            400,
            "Un nom ou une référence ne dépasse pas 120 caractères.",
        ),
        ("chercher=1&nom=Inconnu", 200, "Aucune personne ne porte ce nom dans Palier."),
    ],
)
def test_bad_searches_say_why_in_french(
    client: FlaskClient, agency: None, query: str, status: int, message: str
) -> None:
    bo_login(client)
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == status
    assert message in text_of(response.get_data(as_text=True))


def test_bad_exports_say_why_and_are_not_logged(
    app: Flask, client: FlaskClient, agency: None
) -> None:
    token = bo_login(client)
    unknown = post(client, EXPORT, token, locataire_id="L999")
    assert unknown.status_code == 404
    assert 'role="alert">Aucun locataire n\'a la référence « L999 ».' in unknown.get_data(
        as_text=True
    ).replace("&#39;", "'")
    empty = post(client, EXPORT, token, nom="  ")
    assert empty.status_code == 400
    assert "Choisissez la personne à exporter" in text_of(empty.get_data(as_text=True))
    assert client.post(EXPORT, data={"locataire_id": MARIE}).status_code == 400  # no CSRF token
    assert audits(app) == []

"""The sorties' list with its deadlines, the letter to the tenant (PDF), the CSV export, and who
may see them."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry
from sync.solde import add_months
from tests.server.conftest import R2
from tests.server.sorties_backoffice import (
    NEW_ADDRESS,
    Sorties,
    local_today,
    page_text,
    pdf_text,
)
from tests.server.sync_helpers import new_id
from tests.server.test_backoffice_support import bo_login, page, post


def test_the_letter_to_the_tenant(client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    post(
        client,
        f"/bo/sorties/{edl}/retenues",
        token,
        libelle="Nettoyage",
        montant="80",
        justification="Facture Net'Pro n° 1234",
    )
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    response = client.get(f"/bo/sorties/{edl}/lettre.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    text = pdf_text(response.data)
    for expected in (
        "Office Rhône Habitat",
        "3 place Bellecour, 69002 Lyon",
        "Marie Dupont",
        NEW_ADDRESS,
        "état des lieux de sortie du 31/01/2026",
        "Dépôt de garantie versé 900,00 €",
        "400,00 €",
        "160,00 €",
        "Total retenu au titre de l'état des lieux 560,00 €",
        "Nettoyage Facture Net'Pro n° 1234 80,00 €",
        "Somme restituée 260,00 €",
        "le 31/03/2026 au plus tard",
        "Majoration pour retard de restitution (ci-dessous), due en plus 100,00 €",
        "vous est due, soit 2 mois : 100,00 €",
    ):
        assert expected in text, expected


def test_the_list_of_sorties(client: FlaskClient, sorties: Sorties) -> None:
    overdue = sorties.sortie("2026-01-31")
    returned = sorties.sortie("2026-02-10")
    soon, later = (
        sorties.sortie("2026-03-01", damaged=False),
        sorties.sortie("2026-03-02", damaged=False),
    )
    token = bo_login(client)
    today = local_today()
    soon_keys = add_months(today + timedelta(days=3), -1)
    soon_due = add_months(soon_keys, 1)  # conforme: within the next 3 days
    for edl, keys, restitue in (
        (returned, "2026-02-10", "2026-03-20"),
        (soon, soon_keys.isoformat(), ""),
        (later, today.isoformat(), ""),
    ):
        response = post(
            client, f"/bo/sorties/{edl}/dates", token, cles_rendues_le=keys, restitue_le=restitue
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    html = page(client, "/bo/sorties")
    rows = re.findall(r"<tr( class=\"warning\")?>\s*<td><a href=\"/bo/sorties/([^\"]+)\"", html)
    assert [edl for _cls, edl in rows] == [overdue, soon, later, returned]
    assert [bool(cls) for cls, _edl in rows] == [False, True, False, False]
    text = page_text(html)
    late = (today - date(2026, 3, 31)).days
    assert f"En retard de {late} jours (majoration" in text
    assert f"À restituer avant le {soon_due:%d/%m/%Y}" in text
    assert "Restitué le 20/03/2026" in text
    assert text.count("logement 101, Bâtiment A, Les Tilleuls") == 4
    assert "Marie Dupont" in text

    only_returned = page_text(page(client, "/bo/sorties?statut=restitue"))
    assert only_returned.count("logement 101") == 1 and "Restitué le 20/03/2026" in only_returned
    assert "Aucun état des lieux de sortie pour ces critères" in page(
        client, f"/bo/sorties?residence={R2}"
    )
    assert 'href="/bo/sorties"' in page(client, "/bo/")


def test_the_csv_export(app: Flask, client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    post(
        client,
        f"/bo/sorties/{edl}/retenues",
        token,
        libelle="Nettoyage",
        montant="80",
        justification="Facture Net'Pro n° 1234",
    )
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    response = client.get("/bo/export/decomptes.csv")
    assert (response.status_code, response.mimetype) == (200, "text/csv")
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows == [
        [
            "Résidence",
            "Logement",
            "Locataire",
            "Remise des clés",
            "Dépôt de garantie",
            "Retenu (état des lieux)",
            "Retenu (autres sommes)",
            "Restitution",
            "Reste dû",
            "Échéance de restitution",
            "Restitué le",
            "Majoration",
            "Situation",
            "État des lieux de sortie",
        ],
        [
            "Les Tilleuls",
            "R1-A-101",
            "Marie Dupont",
            "31/01/2026",
            "900,00",
            "560,00",
            "80,00",
            "260,00",
            "0,00",
            "31/03/2026",
            "20/05/2026",
            "100,00",
            "Restitué",
            edl,
        ],
    ]
    with app.app_context():
        export = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "export")
        ).scalar_one()
        assert (export.target, export.details["lignes"]) == ("decomptes.csv", 1)
    overdue_only = client.get("/bo/export/decomptes.csv?statut=en_retard").data.decode("utf-8")
    assert len(list(csv.reader(io.StringIO(overdue_only[1:]), delimiter=";"))) == 1


@pytest.mark.parametrize("user", ["gestionnaire", "gardien"])
def test_field_roles_are_refused(client: FlaskClient, sorties: Sorties, user: str) -> None:
    edl = sorties.sortie()
    token = bo_login(client, user)
    for path in (
        "/bo/sorties",
        f"/bo/sorties/{edl}",
        f"/bo/sorties/{edl}/lettre.pdf",
        "/bo/export/decomptes.csv",
    ):
        assert client.get(path).status_code == 403, path
    for path in (f"/bo/sorties/{edl}/dates", f"/bo/sorties/{edl}/retenues"):
        assert post(client, path, token, cles_rendues_le="2026-01-31").status_code == 403, path


def test_anonymous_is_sent_to_login_and_unknown_sorties_are_404(
    client: FlaskClient, sorties: Sorties
) -> None:
    response = client.get("/bo/sorties")
    assert response.status_code == 302 and "/bo/login" in response.headers["Location"]
    bo_login(client)
    assert client.get(f"/bo/sorties/{sorties.entree}").status_code == 404  # an entrée
    assert client.get(f"/bo/sorties/{new_id()}/lettre.pdf").status_code == 404

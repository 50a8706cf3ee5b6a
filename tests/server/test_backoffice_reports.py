"""CSV export, tableau de bord and audit log."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from server.audit import audit
from server.extensions import db
from server.models import AuditEntry, Device, User, Visite
from server.models.base import utcnow
from tests.server.conftest import LOGEMENT_R3, R1
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, push_visite

HEADER = (
    "Identifiant;Reçue le;Type;Résidence;Logement;Auteur;État de revue;Commentaire de revue;"
    "Prévue le;Réalisée le;Participants;Observations;Suites à donner;Nom du candidat;Décision;"
    "Motif du refus;Équipements et contrats;Réparations à prévoir;Coût estimé (€);"
    "Responsabilité;Occupants constatés;Défauts constatés;Nombre de photos;Version"
)


def test_export_csv_for_excel(app: Flask, client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    karim = FakeDevice(client, login_device("gestionnaire2", "Tablette Karim"))
    visite_id = push_visite(
        claire,
        observations="Fuite; évier\nà reprendre",
        suites="=1+1",
        cout_estime=80.5,
        realisee_le="2026-11-26T09:30:00+01:00",
    )
    push_visite(karim, logement_id=LOGEMENT_R3, type="candidat")
    bo_login(client)
    response = client.get(f"/bo/export/visites.csv?residence={R1}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="visites-')
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8")
    lines = text[1:].split("\r\n")
    assert lines[0] == HEADER
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Identifiant"] == visite_id
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row["Reçue le"])
    assert (row["Type"], row["Résidence"], row["Logement"], row["Auteur"]) == (
        "Visite technique",
        "Les Tilleuls",
        "R1-A-101",
        "Claire Fontaine",
    )
    assert (row["État de revue"], row["Observations"], row["Suites à donner"]) == (
        "Reçue",
        "Fuite; évier\nà reprendre",
        "'=1+1",
    )
    assert (row["Coût estimé (€)"], row["Réalisée le"], row["Version"]) == (
        "80,50",
        "26/11/2026 09:30",
        "1",
    )
    assert '"Fuite; évier\r\nà reprendre"' not in text  # the newline stays as typed
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "export")
        ).scalar_one()
        assert entry.target == "visites.csv"
        assert entry.details == {"filtres": {"residence": R1}, "lignes": 1}
        assert db.session.get(User, entry.user_id).login == "backoffice"


def test_export_of_nothing_has_the_header(client: FlaskClient, agency: None) -> None:
    bo_login(client)
    body = client.get("/bo/export/visites.csv").data.decode("utf-8")
    assert body == "\ufeff" + HEADER + "\r\n"


def test_queue_links_to_export_with_its_filters(client: FlaskClient, agency: None) -> None:
    bo_login(client)
    html = page(client, "/bo/revue?type=candidat")
    assert 'href="/bo/export/visites.csv?type=candidat"' in html


def test_dashboard(app: Flask, client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    other = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    karim = FakeDevice(client, login_device("gestionnaire2", "Tablette Karim"))
    login_device("gardien", "Téléphone Joseph")  # never syncs
    first = push_visite(claire)
    second = push_visite(claire)
    old = push_visite(claire, type="conseil")
    push_visite(karim, logement_id=LOGEMENT_R3, type="candidat")
    claire.push(claire.mutation(first, {"observations": "A"}, base=1, at=10))
    other.push(other.mutation(first, {"observations": "B"}, base=1, at=20))
    with app.app_context():
        now = utcnow()
        db.session.execute(
            update(Visite).where(Visite.id == second).values(review_state="a_corriger")
        )
        db.session.execute(
            update(Visite).where(Visite.id == old).values(created_at=now - timedelta(days=40))
        )
        db.session.execute(
            update(Device).where(Device.id == karim.id).values(last_sync_at=now - timedelta(days=5))
        )
        db.session.execute(update(Device).where(Device.id == claire.id).values(last_sync_at=now))
        db.session.commit()
    bo_login(client)
    html = re.sub(r"\s+", " ", page(client, "/bo/tableau-de-bord"))
    assert '<span class="figure">3</span> visites reçues' in html
    assert '<span class="figure">2</span> en attente de revue' in html
    assert '<span class="figure">1</span> renvoyées à corriger' in html
    assert '<span class="figure">1</span> conflit(s) ouvert(s)' in html
    assert "<tr><td>Les Minguettes</td><td>1</td><td>1</td><td>0</td></tr>" in html
    assert "<tr><td>Les Tilleuls</td><td>2</td><td>1</td><td>1</td></tr>" in html
    assert "<tr><td>Visite candidat</td><td>1</td><td>1</td><td>0</td></tr>" in html
    assert "<tr><td>Visite technique</td><td>2</td><td>1</td><td>1</td></tr>" in html
    assert "Visite conseil" not in html
    stale = html[html.index("plus de 3 jours") :]
    assert "Tablette Claire" not in stale and "Tablette B" not in stale
    rows = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>"
        r"<td>(.*?)</td><td>(.*?)</td></tr>",
        stale,
    )
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows] == [
        ("Téléphone Joseph", "Joseph Moreau", "0", "0", "0"),
        ("Tablette Karim", "Karim Benali", "1", "1", "0"),
    ]
    assert rows[0][2] == "jamais" and re.fullmatch(r"\d\d/11/2026 \d\d:\d\d", rows[1][2])


def test_journal_lists_and_filters(app: Flask, client: FlaskClient, agency: None) -> None:
    bo_login(client)
    client.get("/bo/export/visites.csv")
    html = page(client, "/bo/journal")
    assert "<td>Connexion au back-office</td>" in html
    assert "<td>Export</td>" in html and "<td>visites.csv</td>" in html
    assert "<td>Sylvie Mercier</td>" in html
    only_exports = page(client, "/bo/journal?action=export")
    assert "<td>Export</td>" in only_exports
    assert "<td>Connexion au back-office</td>" not in only_exports
    assert '<option value="export" selected>Export</option>' in only_exports


def test_journal_pages(app: Flask, client: FlaskClient, agency: None) -> None:
    with app.app_context():
        for number in range(60):
            audit("record_read", None, target=f"visite:{number:03d}")
        db.session.commit()
    bo_login(client)
    first = page(client, "/bo/journal?action=record_read")
    assert "60 résultat(s) — page 1 sur 2" in first
    assert "visite:059" in first and "visite:009" not in first
    second = page(client, "/bo/journal?action=record_read&page=2")
    assert "visite:009" in second and "visite:010" not in second
    assert 'href="/bo/journal?page=1&amp;action=record_read"' in second

"""What the back office shows of retention: a "Conservation" line on every record page, and the
admin's "Conservation" page with the rules, what is due and the purge button."""

from __future__ import annotations

from datetime import date
from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.backoffice.naming import record_url
from server.extensions import db
from server.models import AuditEntry, User
from server.models.reclamations import Reclamation
from server.models.troubles import DossierTrouble
from tests.server.conftest import LOGEMENT_R1, R1
from tests.server.retention_helpers import (
    BAIL_B1,
    add,
    closed_dossier,
    contact,
    edl_sortie,
    end_bail_b1,
)
from tests.server.test_backoffice_support import bo_login, post

DOSSIER_LINE = (
    "Conservation : jusqu'au 12/03/2031 — Dossier clos à l'amiable le 12/03/2026 : "
    "supprimé 5 ans après la clôture"
)


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def url_of(app: Flask, entity: str, record: str) -> str:
    with app.test_request_context():
        return record_url(entity, record)


def test_every_record_page_says_when_the_record_goes_and_why(
    app: Flask, client: FlaskClient, agency: None
) -> None:
    with app.app_context():
        dossier = closed_dossier("resolu")
        end_bail_b1(date(2027, 6, 30))
        edl = edl_sortie(BAIL_B1, LOGEMENT_R1, R1, "2027-06-30T10:00:00+02:00")
        permanence, _taken = contact("2026-11-24T14:20:00+01:00")
        reclamation = add(
            Reclamation,
            logement_id=LOGEMENT_R1,
            categorie="plomberie",
            urgence="U2",
            signalee_le="2026-11-20T09:00:00+01:00",
            description="Fuite sous l'évier.",
        )
    bo_login(client)

    assert DOSSIER_LINE in page(client, url_of(app, "dossier_trouble", dossier))
    edl_line = (
        "Conservation : jusqu'au 30/06/2030 — Fin du bail le 30/06/2027 : supprimé 3 ans après"
    )
    assert edl_line in page(client, url_of(app, "etat_des_lieux", edl))
    assert edl_line in page(client, f"/bo/sorties/{edl}")
    shown = page(client, f"/bo/permanences/{permanence}")
    assert (
        "Conservation : jusqu'au 23/11/2028 — Contact du 24/11/2026 : supprimé 2 ans après" in shown
    )
    assert (
        "Conservation : sans échéance pour l'instant — Aucune durée de conservation fixée : "
        "conservée" in page(client, f"/bo/reclamations/{reclamation}")
    )


def test_the_admin_sees_the_rules_and_what_is_due_and_runs_the_purge(
    app: Flask, client: FlaskClient, agency: None
) -> None:
    with app.app_context():
        dossier = closed_dossier("resolu", closed_on="2020-01-10T10:00:00+01:00")
        admin = db.session.scalars(select(User.id).where(User.login == "admin")).one()
    bo_login(client, "backoffice")
    assert client.get("/bo/conservation").status_code == 403
    client.post("/bo/logout", data={})

    token = bo_login(client, "admin")
    shown = page(client, "/bo/conservation")
    assert "PALIER_RETENTION_TROUBLES_DAYS" in shown and "5 ans (1826 jours)" in shown
    assert "PALIER_RETENTION_ACCESS_LOG_DAYS" in shown and "1 an (365 jours)" in shown
    assert "Arrivés à échéance (1)" in shown
    assert (
        "09/01/2025</td><td>Dossier clos à l'amiable le 10/01/2020 : supprimé 5 ans après "
        "la clôture" in shown
    )
    assert 'href="/bo/conservation"' in shown  # the nav's link

    response = post(client, "/bo/conservation/purge", token)
    assert response.status_code == 302
    after = page(client, "/bo/conservation")
    assert "Purge effectuée : 1 enregistrement(s) arrivé(s) à échéance supprimé(s)" in after
    with app.app_context():
        assert db.session.get(DossierTrouble, dossier) is None
        purge = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "retention_purge")
        ).one()
        assert (purge.user_id, purge.details["ids"]) == (admin, {"dossier_trouble": [dossier]})


def test_the_purge_needs_the_csrf_token(app: Flask, client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    assert client.post("/bo/conservation/purge", data={}).status_code == 400

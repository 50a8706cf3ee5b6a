"""The back office's réclamations (issue 12): the board (overdue first, by urgence, by échéance)
with its filters, the réclamation's page, and its forms going through the sync engine."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.backoffice.reclamation_data import BoardRow, board_key, overdue_text
from server.extensions import db
from server.models import AuditEntry, MutationLog
from server.models.reclamations import Reclamation, ReclamationEvenement
from tests.server.conftest import LOGEMENT_R2, R1, R2
from tests.server.reclamations_backoffice import (
    common_part,
    paris,
    reclamation,
    step,
    steps,
    text_of,
)
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_login import login
from tests.server.test_backoffice_support import bo_login, page, post

NOW = paris("2026-11-09T12:00:00+01:00")


@pytest.fixture
def gardien(client: FlaskClient, login_device: Any) -> FakeDevice:
    return FakeDevice(client, login_device("gardien", "Téléphone du gardien"))


@pytest.fixture
def gestionnaire(client: FlaskClient, login_device: Any) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire", "Tablette de Claire"))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The back office's clock reads NOW."""
    monkeypatch.setattr("server.backoffice.reclamation_views.utcnow", lambda: NOW)


def _row(urgence: str, echeance: str, overdue: str = "") -> BoardRow:
    return BoardRow(new_id(), urgence, paris(echeance), overdue, "", "", "", "", "", "", "")


def test_board_order_is_overdue_then_urgence_then_echeance() -> None:
    rows = {
        "u3 late": _row("U3", "2026-11-09T09:00:00+01:00", "En retard de 3 h"),
        "u1 soon": _row("U1", "2026-11-09T14:00:00+01:00"),
        "u2 later": _row("U2", "2026-11-10T08:00:00+01:00"),
        "u2 sooner": _row("U2", "2026-11-09T20:00:00+01:00"),
        "u2 late": _row("U2", "2026-11-09T11:00:00+01:00", "En retard de 1 h"),
        "u3 soon": _row("U3", "2026-11-09T13:00:00+01:00"),
    }
    order = sorted(rows, key=lambda name: board_key(rows[name]))
    assert order == ["u2 late", "u3 late", "u1 soon", "u2 sooner", "u2 later", "u3 soon"]


def test_overdue_text() -> None:
    due = paris("2026-11-09T09:00:00+01:00")
    assert [
        overdue_text(due, paris(now))
        for now in (
            "2026-11-09T09:00:20+01:00",
            "2026-11-09T09:40:00+01:00",
            "2026-11-09T12:00:00+01:00",
            "2026-11-10T09:30:00+01:00",
            "2026-11-12T14:10:00+01:00",
        )
    ] == [
        "En retard de 1 min",
        "En retard de 40 min",
        "En retard de 3 h",
        "En retard de 1 j",
        "En retard de 3 j 5 h",
    ]


def _board_rows(html: str) -> list[str]:
    """Each board row's visible text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_board_shows_open_reclamations_overdue_first(
    client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice, clock: None
) -> None:
    u3_late = reclamation(gardien, "U3", "2026-11-02T09:00:00+01:00", "serrurerie")
    u1 = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    hall = common_part(gardien, "U2", "2026-11-09T08:00:00+01:00")
    u2_late = reclamation(gardien, "U2", "2026-11-08T09:00:00+01:00", "chauffage")
    closed = reclamation(gardien, "U1", "2026-11-09T07:00:00+01:00")
    step(gestionnaire, closed, "rejetee", "2026-11-09T08:00:00+01:00", "Doublon")
    bo_login(client)
    html = page(client, "/bo/reclamations")
    assert _board_rows(html) == [
        "U2 09/11/2026 09:00 En retard de 3 h Logement 101, Bâtiment A, Les Tilleuls Chauffage "
        "Saisie 08/11/2026 09:00 Joseph Moreau —",
        "U3 09/11/2026 09:00 En retard de 3 h Logement 101, Bâtiment A, Les Tilleuls Serrurerie "
        "Saisie 02/11/2026 09:00 Joseph Moreau —",
        "U1 09/11/2026 14:00 Logement 101, Bâtiment A, Les Tilleuls Plomberie Saisie "
        "09/11/2026 10:00 Joseph Moreau —",
        "U2 10/11/2026 08:00 Bâtiment A, cage B, étage 2, Hall, Les Tilleuls Éclairage Saisie "
        "09/11/2026 08:00 Joseph Moreau —",
    ]
    links = re.findall(r'href="/bo/reclamations/([0-9a-f-]{36})"', html)
    assert links == [u2_late, u3_late, u1, hall]
    assert '<span class="state state-rejete">En retard de 3 h</span>' in html
    assert closed not in html


def test_board_filters(
    client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice, clock: None
) -> None:
    fuite = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    hall = common_part(gardien, "U3", "2026-11-09T08:00:00+01:00")
    autre = reclamation(
        gestionnaire, "U2", "2026-11-09T09:00:00+01:00", "chauffage", logement_id=LOGEMENT_R2
    )
    step(gestionnaire, fuite, "qualifiee", "2026-11-09T10:30:00+01:00")
    bo_login(client)

    def listed(query: str) -> list[str]:
        html = page(client, f"/bo/reclamations?{query}")
        return re.findall(r'href="/bo/reclamations/([0-9a-f-]{36})"', html)

    assert sorted(listed("")) == sorted([fuite, hall, autre])
    assert sorted(listed(f"residence={R1}")) == sorted([fuite, hall])
    assert listed(f"residence={R2}") == [autre]
    assert listed("categorie=eclairage") == [hall]
    assert listed("statut=qualifiee") == [fuite]
    assert sorted(listed("statut=saisie")) == sorted([hall, autre])
    assert listed(f"residence={R2}&categorie=eclairage") == []
    assert "Aucune réclamation ouverte pour ces critères." in page(
        client, f"/bo/reclamations?residence={R2}&categorie=eclairage"
    )
    html = page(client, f"/bo/reclamations?residence={R2}")
    assert f'<option value="{R2}" selected>Le Grand Clos</option>' in html


def test_page_shows_the_reclamation_and_its_history(
    app: Flask, client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice, clock: None
) -> None:
    record = common_part(gardien, "U2", "2026-11-08T09:00:00+01:00")
    step(gestionnaire, record, "qualifiee", "2026-11-08T10:15:00+01:00", "Ampoule grillée")
    bo_login(client)
    text = text_of(page(client, f"/bo/reclamations/{record}"))
    assert "Réclamation — Éclairage Qualifiée" in text
    assert "Lieu Bâtiment A, cage B, étage 2, Hall, Les Tilleuls" in text
    assert "Urgence U2 sous 24 h" in text
    assert "Échéance 09/11/2026 09:00 En retard de 3 h" in text
    assert "Signalée le 08/11/2026 09:00 par Joseph Moreau" in text
    assert "Origine Ronde" in text
    assert "Description Fuite sous l'évier de la cuisine" in text
    assert (
        "Statut Par Le Commentaire "
        "Saisie Joseph Moreau 08/11/2026 09:00 — "
        "Qualifiée Claire Fontaine 08/11/2026 10:15 Ampoule grillée"
    ) in text
    # the next statuts of a qualifiée one, in the contract's order
    assert "Nouveau statut Affectée Planifiée En attente Rejetée Transférée" in text
    with app.app_context():
        reads = db.session.execute(
            select(AuditEntry.action, AuditEntry.target).where(AuditEntry.action == "record_read")
        ).all()
    assert reads == [("record_read", f"reclamation:{record}")]


def _stored(app: Flask, record: str) -> tuple[Reclamation, list[ReclamationEvenement]]:
    with app.app_context():
        found = db.session.get(Reclamation, record)
        evenements = list(
            db.session.execute(
                select(ReclamationEvenement)
                .where(ReclamationEvenement.reclamation_id == record)
                .order_by(ReclamationEvenement.le)
            ).scalars()
        )
        db.session.expunge_all()
    return found, evenements


def _pulled(device: FakeDevice, entity: str, record: str) -> dict[str, Any]:
    changes, _cursor = device.pull_all()
    return next(c for c in changes if c["entity"] == entity and c["record"] == record)


def test_qualify_edits_the_reclamation_and_adds_a_qualifiee_step(
    app: Flask, client: FlaskClient, gardien: FakeDevice
) -> None:
    record = reclamation(gardien, "U3", "2026-11-09T10:00:00+01:00", "eclairage")
    shown = _stored(app, record)[0].version
    token = bo_login(client)
    response = post(
        client,
        f"/bo/reclamations/{record}/qualifier",
        token,
        base=str(shown),
        urgence="U1",
        categorie="plomberie",
        responsabilite="bailleur",
    )
    assert response.status_code == 302
    assert "La réclamation est qualifiée" in page(client, f"/bo/reclamations/{record}")
    stored, evenements = _stored(app, record)
    assert (stored.urgence, stored.categorie, stored.responsabilite, stored.statut) == (
        "U1",
        "plomberie",
        "bailleur",
        "qualifiee",
    )
    assert stored.echeance is not None
    assert datetime.fromisoformat(stored.echeance) == paris("2026-11-09T14:00:00+01:00")
    assert stored.version == shown + 3  # the edit, its new échéance, the évènement's statut
    assert [(e.statut, e.created_by is not None) for e in evenements] == [("qualifiee", True)]
    with app.app_context():
        log = db.session.execute(
            select(MutationLog.entity, MutationLog.status, MutationLog.device_id).where(
                MutationLog.device_id.is_(None)
            )
        ).all()
    assert sorted(log) == [
        ("reclamation", "applied", None),
        ("reclamation_evenement", "applied", None),
    ]
    # the gardien's phone receives the new statut and the step
    pulled = _pulled(gardien, "reclamation", record)
    assert (pulled["fields"]["statut"], pulled["fields"]["urgence"]) == ("qualifiee", "U1")
    assert _pulled(gardien, "reclamation_evenement", evenements[0].id)["fields"]["statut"] == (
        "qualifiee"
    )


def test_qualify_an_already_qualified_one_only_edits_it(
    app: Flask, client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice
) -> None:
    record = reclamation(gardien, "U3", "2026-11-09T10:00:00+01:00", "eclairage")
    step(gestionnaire, record, "qualifiee", "2026-11-09T10:30:00+01:00")
    token = bo_login(client)
    response = post(
        client,
        f"/bo/reclamations/{record}/qualifier",
        token,
        urgence="U2",
        categorie="eclairage",
        responsabilite="",
    )
    assert response.status_code == 302
    stored, evenements = _stored(app, record)
    assert (stored.urgence, stored.statut, len(evenements)) == ("U2", "qualifiee", 1)
    assert datetime.fromisoformat(stored.echeance or "") == paris("2026-11-10T10:00:00+01:00")


def test_assign_names_the_contractor_and_adds_an_affectee_step(
    app: Flask, client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice, clock: None
) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    step(gestionnaire, record, "qualifiee", "2026-11-09T10:30:00+01:00")
    token = bo_login(client)
    response = post(
        client,
        f"/bo/reclamations/{record}/affecter",
        token,
        base=str(_stored(app, record)[0].version),
        entreprise="Plomberie Martin",
        entreprise_reference="BC-2026-114",
    )
    assert response.status_code == 302
    stored, evenements = _stored(app, record)
    assert (stored.entreprise, stored.entreprise_reference, stored.statut) == (
        "Plomberie Martin",
        "BC-2026-114",
        "affectee",
    )
    assert [(e.statut, e.commentaire) for e in evenements] == [
        ("qualifiee", None),
        ("affectee", "Plomberie Martin — BC-2026-114"),
    ]
    assert "Plomberie Martin, BC-2026-114" in text_of(page(client, "/bo/reclamations"))


def test_assign_before_qualifying_is_refused_in_french(
    app: Flask, client: FlaskClient, gardien: FakeDevice
) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    token = bo_login(client)
    response = post(
        client, f"/bo/reclamations/{record}/affecter", token, entreprise="Plomberie Martin"
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        '<p class="flash flash-error" role="alert">Passage de « Saisie » à « Affectée » '
        "impossible : étapes possibles : Qualifiée, En attente, Rejetée, Transférée.</p>"
    ) in html
    assert 'value="Plomberie Martin"' in html  # the form keeps what was typed
    stored, evenements = _stored(app, record)
    assert (stored.entreprise, stored.statut, evenements) == (None, "saisie", [])


def test_change_statut_adds_a_step_with_its_comment_and_date(
    app: Flask, client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice
) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    steps(
        gestionnaire,
        record,
        ("qualifiee", "2026-11-09T10:10:00+01:00"),
        ("affectee", "2026-11-09T10:20:00+01:00"),
        ("en_cours", "2026-11-09T11:00:00+01:00"),
    )
    token = bo_login(client)
    response = post(
        client,
        f"/bo/reclamations/{record}/statut",
        token,
        statut="realisee",
        le="09/11/2026 13:30",
        commentaire="Joint changé par l'entreprise",
    )
    assert response.status_code == 302
    stored, evenements = _stored(app, record)
    assert stored.statut == "realisee"
    last = evenements[-1]
    assert (last.statut, last.commentaire) == ("realisee", "Joint changé par l'entreprise")
    assert datetime.fromisoformat(last.le or "") == paris("2026-11-09T13:30:00+01:00")
    text = text_of(page(client, f"/bo/reclamations/{record}"))
    assert "Statut changé : Réalisée." in text
    assert "Réalisée Sylvie Mercier 09/11/2026 13:30 Joint changé par l'entreprise" in text


def test_a_statut_that_does_not_follow_is_refused_in_french(
    app: Flask, client: FlaskClient, gardien: FakeDevice, gestionnaire: FakeDevice
) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    step(gestionnaire, record, "qualifiee", "2026-11-09T10:10:00+01:00")
    token = bo_login(client)
    response = post(client, f"/bo/reclamations/{record}/statut", token, statut="realisee")
    assert response.status_code == 400
    assert (
        "Passage de « Qualifiée » à « Réalisée » impossible : étapes possibles : Affectée, "
        "Planifiée, En attente, Rejetée, Transférée."
    ) in text_of(response.get_data(as_text=True))
    stored, evenements = _stored(app, record)
    assert (stored.statut, [e.statut for e in evenements]) == ("qualifiee", ["qualifiee"])


def test_form_errors_are_shown_by_their_field(client: FlaskClient, gardien: FakeDevice) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    token = bo_login(client)
    qualify = post(client, f"/bo/reclamations/{record}/qualifier", token, urgence="U9")
    assert qualify.status_code == 400
    text = text_of(qualify.get_data(as_text=True))
    assert "Choisissez l'urgence : U1, U2 ou U3." in text
    assert "Choisissez une catégorie de la liste." in text
    assign = post(client, f"/bo/reclamations/{record}/affecter", token, entreprise=" ")
    assert (
        '<p class="flash flash-error" role="alert">Rien n\'a été enregistré : corrigez les '
        "champs signalés dans « Affecter ».</p>"
    ) in assign.get_data(as_text=True)
    assert "Nom de l'entreprise obligatoire." in text_of(assign.get_data(as_text=True))
    moved = post(
        client, f"/bo/reclamations/{record}/statut", token, statut="qualifiee", le="demain"
    )
    assert moved.status_code == 400
    assert 'aria-describedby="s-le-error"' in moved.get_data(as_text=True)
    assert "Date et heure invalides (format attendu : 26/11/2026 14:00)." in text_of(
        moved.get_data(as_text=True)
    )


@pytest.mark.parametrize("user", ["gardien", "gestionnaire"])
def test_field_roles_cannot_open_the_back_office_pages(
    client: FlaskClient, gardien: FakeDevice, user: str
) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    login(client, user)
    assert client.get("/bo/reclamations").status_code == 403
    assert client.get(f"/bo/reclamations/{record}").status_code == 403
    for form in ("qualifier", "affecter", "statut"):
        assert client.post(f"/bo/reclamations/{record}/{form}").status_code in (400, 403)


def test_unknown_or_out_of_scope_reclamation_is_not_found(
    client: FlaskClient, gardien: FakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = reclamation(gardien, "U1", "2026-11-09T10:00:00+01:00")
    bo_login(client)
    assert client.get(f"/bo/reclamations/{new_id()}").status_code == 404
    monkeypatch.setattr(
        "server.backoffice.reclamation_views.residence_scope", lambda _user: frozenset({R2})
    )
    assert client.get(f"/bo/reclamations/{record}").status_code == 404
    assert record not in page(client, "/bo/reclamations")

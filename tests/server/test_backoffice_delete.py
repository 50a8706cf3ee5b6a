"""Deleting a visite from the back office: confirmation, the engine, who and when."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from server.extensions import db
from server.models import AuditEntry, MutationLog, Visite
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post, push_visite

MOMENT = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 14:00 in Paris


def _received_at(app: Flask, visite_id: str) -> None:
    """Pin the ledger time of the record's mutations, so the page shows a literal date."""
    with app.app_context():
        db.session.execute(
            update(MutationLog).where(MutationLog.record_id == visite_id).values(received_at=MOMENT)
        )
        db.session.commit()


def test_delete_asks_for_confirmation(app: Flask, client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    token = bo_login(client)
    record = page(client, f"/bo/visites/{visite_id}")
    assert f'href="/bo/visites/{visite_id}/supprimer"' in record
    confirm = page(client, f"/bo/visites/{visite_id}/supprimer")
    assert "<h1>Supprimer la visite ?</h1>" in confirm
    assert "logement 101, Bâtiment A, Les Tilleuls" in confirm
    assert 'type="checkbox" id="confirm-delete" name="confirmer" value="oui" required' in confirm
    # posting without ticking the box deletes nothing
    refused = post(client, f"/bo/visites/{visite_id}/supprimer", token, base="1")
    assert refused.status_code == 400
    assert "Cochez la case pour confirmer la suppression." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Visite, visite_id).deleted is False


def test_delete_goes_through_the_engine_and_shows_who(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device())
    visite_id = push_visite(device)
    _changes, cursor = device.pull_all()
    token = bo_login(client)
    response = post(client, f"/bo/visites/{visite_id}/supprimer", token, base="1", confirmer="oui")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/bo/visites/{visite_id}"
    with app.app_context():
        visite = db.session.get(Visite, visite_id)
        assert (visite.deleted, visite.version) == (True, 2)
        row = db.session.execute(
            select(MutationLog).where(MutationLog.device_id.is_(None))
        ).scalar_one()
        assert (row.op, row.status) == ("delete", "applied")
        assert (
            db.session.execute(
                select(AuditEntry.target).where(AuditEntry.action == "record_delete")
            ).scalar_one()
            == f"visite:{visite_id}"
        )
    changes, _cursor = device.pull_all(cursor)
    assert [(c["record"], c["deleted"]) for c in changes] == [(visite_id, True)]
    _received_at(app, visite_id)
    html = page(client, f"/bo/visites/{visite_id}")
    assert "La visite est supprimée ; les appareils la retireront." in html
    assert "Supprimée le 26/11/2026 14:00 par Sylvie Mercier (back-office)." in html
    history = re.sub(r"\s+", " ", html[html.index("<h2>Historique</h2>") :])
    assert (
        "<td>26/11/2026 14:00</td> <td>Sylvie Mercier</td> <td>Back-office</td> "
        "<td>appliquée (suppression)</td>"
    ) in history
    assert "<strong>Suppression</strong> : — → visite supprimée" in history
    # a deleted visite is neither corrected nor reviewed any more
    assert "Corriger la visite" not in html and 'value="valider"' not in html
    refused = post(client, f"/bo/visites/{visite_id}/corriger", token, observations="x")
    assert refused.status_code == 302
    assert "ne peut plus être corrigée" in page(client, f"/bo/visites/{visite_id}")
    with app.app_context():
        assert db.session.get(Visite, visite_id).version == 2


def test_deleted_visites_are_found_with_their_filter(client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    kept = push_visite(device)
    gone = push_visite(device)
    token = bo_login(client)
    post(client, f"/bo/visites/{gone}/supprimer", token, base="1", confirmer="oui")
    listed = page(client, "/bo/revue")
    assert kept in listed and gone not in listed
    deleted = page(client, "/bo/revue?state=supprimee")
    assert gone in deleted and kept not in deleted
    assert '<option value="supprimee" selected>Supprimée</option>' in deleted
    assert '<span class="state state-supprimee">Supprimée</span>' in deleted


def test_a_device_deletion_names_the_device(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    visite_id = push_visite(device)
    device.push(device.mutation(visite_id, op="delete", base=1))
    _received_at(app, visite_id)
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    assert "Supprimée le 26/11/2026 14:00 par Claire Fontaine (Tablette Claire)." in html


def test_field_roles_cannot_delete(app: Flask, client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    token = bo_login(client, "gestionnaire")
    assert client.get(f"/bo/visites/{visite_id}/supprimer").status_code == 403
    response = post(client, f"/bo/visites/{visite_id}/supprimer", token, confirmer="oui")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Visite, visite_id).deleted is False

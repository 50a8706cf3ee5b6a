"""Open conflicts on the record page: both values and authors; keep or restore in one click."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry, Conflict, Visite
from server.referentiel_io import stable_id
from tests.server.conftest import LOGEMENT_R2
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post, push_visite

LOGEMENT_R1_102 = stable_id("logement", "R1-A-102")


def _two_device_conflict(client: FlaskClient, login_device) -> tuple[FakeDevice, FakeDevice, str]:
    a = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    b = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    visite_id = push_visite(a)
    a.push(a.mutation(visite_id, {"observations": "Version A"}, base=1, at=10))
    response = b.push(b.mutation(visite_id, {"observations": "Version B"}, base=1, at=20))
    assert response.get_json()["results"][0]["status"] == "conflict"
    return a, b, visite_id


def _conflict_id(html: str) -> str:
    match = re.search(r'action="/bo/conflits/([0-9a-f-]{36})/resoudre"', html)
    assert match, html
    return match.group(1)


def _shown(html: str) -> str:
    """The fingerprint of the value the page showed, which the resolve forms post back."""
    values = set(re.findall(r'name="shown" value="([0-9a-f]+)"', html))
    assert len(values) == 1, html
    return values.pop()


def _resolve(client: FlaskClient, token: str, html: str, action: str) -> Any:
    path = f"/bo/conflits/{_conflict_id(html)}/resoudre"
    return post(client, path, token, action=action, shown=_shown(html))


def test_conflict_shows_both_values_and_authors(client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    section = html[html.index("<h2>Conflits ouverts</h2>") : html.index("<h2>Champs</h2>")]
    assert re.search(r'<h3 id="conflict-[0-9a-f-]{36}">Observations</h3>', section)
    # the card names its record: type and date of the visite, logement, bâtiment, résidence
    assert re.search(
        r'<p class="record-name"><a href="/bo/visites/[0-9a-f-]{36}">Visite technique reçue le '
        r"\d\d/\d\d/\d{4} \d\d:\d\d</a> — logement 101, Bâtiment A, Les Tilleuls</p>",
        section,
    ), section
    assert (
        "<tr><th>Valeur actuelle</th><td>Version B</td><td>Claire Fontaine (Tablette B)</td></tr>"
        in section
    )
    assert (
        "<tr><th>Autre valeur</th><td>Version A</td><td>Claire Fontaine (Tablette A)</td></tr>"
        in section
    )
    assert "Garder la valeur actuelle" in section and "Restaurer l&#39;autre valeur" not in section
    assert "Restaurer l'autre valeur" in section
    history = html[html.index("<h2>Historique</h2>") :]
    assert "<td>en conflit</td>" in history


def test_restore_the_other_value_reaches_both_devices(
    app: Flask, client: FlaskClient, login_device
) -> None:
    a, b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    conflict_id = _conflict_id(html)
    response = _resolve(client, token, html, "restore")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/bo/visites/{visite_id}"
    with app.app_context():
        assert db.session.get(Visite, visite_id).observations == "Version A"
        conflict = db.session.get(Conflict, conflict_id)
        assert (conflict.status, conflict.resolution) == ("resolved", "restored")
        assert db.session.execute(
            select(AuditEntry.details).where(AuditEntry.action == "conflict_resolve")
        ).scalar_one() == {"action": "restore", "record": visite_id}
    for device in (a, b):
        changes, _cursor = device.pull_all()
        fields = next(c["fields"] for c in changes if c["record"] == visite_id)
        assert fields["observations"] == "Version A"
    html = page(client, f"/bo/visites/{visite_id}")
    assert "Conflits ouverts" not in html
    # A second click on a closed conflict changes nothing.
    again = post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="keep")
    assert again.status_code == 302
    assert "Ce conflit a déjà été résolu." in page(client, f"/bo/visites/{visite_id}")


def test_keep_the_current_value(app: Flask, client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    conflict_id = _conflict_id(html)
    _resolve(client, token, html, "keep")
    with app.app_context():
        visite = db.session.get(Visite, visite_id)
        assert (visite.observations, visite.version) == ("Version B", 3)
        assert db.session.get(Conflict, conflict_id).resolution == "kept"


def test_bad_resolution_requests(client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    conflict_id = _conflict_id(page(client, f"/bo/visites/{visite_id}"))
    assert (
        post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="x").status_code == 400
    )
    unknown = "/bo/conflits/00000000-0000-4000-8000-000000000000/resoudre"
    assert post(client, unknown, token, action="keep").status_code == 404


def test_correction_racing_a_device_edit_opens_a_conflict(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    visite_id = push_visite(device)
    token = bo_login(client)
    page(client, f"/bo/visites/{visite_id}")  # the back office sees version 1
    device.push(device.mutation(visite_id, {"observations": "Terrain"}, base=1))
    response = post(
        client, f"/bo/visites/{visite_id}/corriger", token, base="1", observations="Bureau"
    )
    assert response.status_code == 302
    html = page(client, f"/bo/visites/{visite_id}")
    assert "un conflit a été ouvert" in html
    assert "<td>Bureau</td><td>Sylvie Mercier (back-office)</td>" in html
    assert "<td>Terrain</td><td>Claire Fontaine (Tablette A)</td>" in html
    with app.app_context():
        assert db.session.get(Visite, visite_id).observations == "Bureau"


def test_panel_shows_the_current_value_and_refuses_a_stale_restore(
    app: Flask, client: FlaskClient, login_device
) -> None:
    a, _b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    before = page(client, f"/bo/visites/{visite_id}")  # shows "Version B"
    # tablet A edits again, based on the latest version: the record now holds A2
    response = a.push(a.mutation(visite_id, {"observations": "Version A2"}, base=3, at=30))
    assert response.get_json()["results"][0]["status"] == "applied"
    fresh = page(client, f"/bo/visites/{visite_id}")
    assert (
        "<tr><th>Valeur actuelle</th><td>Version A2</td><td>Claire Fontaine (Tablette A)</td></tr>"
        in fresh
    )
    assert "<tr><th>Autre valeur</th><td>Version A</td>" in fresh
    assert "valeur alors retenue : Version B, par Claire Fontaine (Tablette B)" in fresh
    # "Restaurer l'autre valeur" from the page that still showed Version B changes nothing
    stale = _resolve(client, token, before, "restore")
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "La valeur a changé depuis l&#39;affichage" in html
    assert "<tr><th>Valeur actuelle</th><td>Version A2</td>" in html
    with app.app_context():
        visite = db.session.get(Visite, visite_id)
        assert (visite.observations, visite.version) == ("Version A2", 4)
        conflict = db.session.get(Conflict, _conflict_id(html))
        assert conflict.status == "open"
        assert (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.action == "conflict_resolve")
            ).first()
            is None
        )
    # the same choice made on the fresh page applies
    assert _resolve(client, token, html, "restore").status_code == 302
    with app.app_context():
        assert db.session.get(Visite, visite_id).observations == "Version A"


def test_a_form_without_the_shown_value_changes_nothing(
    app: Flask, client: FlaskClient, login_device
) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    conflict_id = _conflict_id(page(client, f"/bo/visites/{visite_id}"))
    response = post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="restore")
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Visite, visite_id).observations == "Version B"
        assert db.session.get(Conflict, conflict_id).status == "open"


def test_keeping_the_value_sends_the_record_again(
    app: Flask, client: FlaskClient, login_device
) -> None:
    a, _b, visite_id = _two_device_conflict(client, login_device)
    _changes, cursor = a.pull_all()
    token = bo_login(client)
    _resolve(client, token, page(client, f"/bo/visites/{visite_id}"), "keep")
    changes, _cursor = a.pull_all(cursor)
    assert [(c["record"], c["version"]) for c in changes] == [(visite_id, 3)]
    assert changes[0]["fields"]["observations"] == "Version B"


def test_conflict_list_names_each_record(client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    bo_login(client)
    html = page(client, "/bo/conflits")
    assert "<h1>Conflits ouverts</h1>" in html
    assert re.search(
        rf'<a href="/bo/visites/{visite_id}">Visite technique reçue le '
        r"\d\d/\d\d/\d{4} \d\d:\d\d</a> — logement 101, Bâtiment A, Les Tilleuls",
        html,
    )
    assert "<tr><th>Valeur actuelle</th><td>Version B</td>" in html
    assert "1 résultat(s) — page 1 sur 1" in html
    assert 'href="/bo/conflits"' in page(client, "/bo/tableau-de-bord")


def test_conflict_list_is_for_the_back_office(client: FlaskClient, login_device) -> None:
    _two_device_conflict(client, login_device)
    bo_login(client, "gestionnaire")
    assert client.get("/bo/conflits").status_code == 403


def test_a_logement_conflict_reads_as_logements(client: FlaskClient, login_device) -> None:
    a = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    b = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    visite_id = push_visite(a)
    a.push(a.mutation(visite_id, {"logement_id": LOGEMENT_R1_102}, base=1, at=10))
    b.push(b.mutation(visite_id, {"logement_id": LOGEMENT_R2}, base=1, at=20))
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    assert "<tr><th>Valeur actuelle</th><td>logement 001, Bâtiment A, Le Grand Clos</td>" in html
    assert "<tr><th>Autre valeur</th><td>logement 102, Bâtiment A, Les Tilleuls</td>" in html

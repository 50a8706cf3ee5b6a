"""Back-office pages read like French paperwork: French dates and numbers, names, the fields of
the visite's type, the field app's wording, "Valider" apart from "Renvoyer à corriger"."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.backoffice.inputs import parse_datetime, parse_number
from server.backoffice.labels import REVIEW_STATE_LABELS
from server.extensions import db
from server.models import Visite
from server.referentiel_io import stable_id
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post, push_visite

ROOT = Path(__file__).resolve().parents[2]
LOGEMENT_R1_102 = stable_id("logement", "R1-A-102")


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def _visite(app: Flask, visite_id: str) -> Visite:
    with app.app_context():
        visite = db.session.get(Visite, visite_id)
        db.session.expunge(visite)
        return visite


def test_record_page_and_form_show_only_the_fields_of_the_type(
    client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device())
    technique = push_visite(device, responsabilite="bailleur", reparations="Joint à changer")
    conseil = push_visite(device, type="conseil", cout_estime=350.5)
    bo_login(client)
    html = page(client, f"/bo/visites/{technique}")
    fields = _section(html, "<h2>Champs</h2>", "</section>")
    assert '<th>Responsabilité</th><td class="pre">Bailleur</td>' in fields
    assert '<th>Travaux à commander</th><td class="pre">Joint à changer</td>' in fields
    for other in ("Nom du candidat", "Coût estimé (€)", "Occupants constatés", "Décision"):
        assert other not in fields
    form = _section(html, "<h2>Corriger la visite</h2>", "</section>")
    assert 'name="responsabilite"' in form and 'name="reparations"' in form
    assert 'name="cout_estime"' not in form and 'name="candidat_nom"' not in form
    html = page(client, f"/bo/visites/{conseil}")
    fields = _section(html, "<h2>Champs</h2>", "</section>")
    assert "<th>Réparations à prévoir</th>" in fields
    assert '<th>Coût estimé (€)</th><td class="pre">350,50</td>' in fields
    assert "Responsabilité" not in fields
    form = _section(html, "<h2>Corriger la visite</h2>", "</section>")
    assert re.search(r'<input id="e-cout_estime" name="cout_estime" value="350,50"', form)


def test_fields_left_from_another_type_are_set_apart(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device())
    visite_id = push_visite(device, type="conseil", cout_estime=80.0)
    device.push(device.mutation(visite_id, {"type": "technique"}, base=1))
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    other = _section(html, "<h3>Champs d'un autre type de visite</h3>", "</section>")
    assert '<th>Coût estimé (€)</th><td class="pre">80,00</td>' in other


def test_dates_are_french_on_the_page_and_in_the_form(
    app: Flask, client: FlaskClient, login_device
) -> None:
    visite_id = push_visite(
        FakeDevice(client, login_device()), realisee_le="2026-11-26T13:00:00.000Z"
    )
    token = bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    assert '<th>Réalisée le</th><td class="pre">26/11/2026 14:00</td>' in html
    assert '<p class="record-name">Visite technique réalisée le 26/11/2026 14:00 — ' in html
    assert re.search(r'name="realisee_le" value="26/11/2026 14:00" placeholder="JJ/MM/AAAA', html)
    assert "2026-11-26T13:00" not in html
    path = f"/bo/visites/{visite_id}/corriger"
    # the form sent back as shown changes nothing
    post(client, path, token, base="1", realisee_le="26/11/2026 14:00", cout_estime="")
    assert "Aucun champ n&#39;a été modifié." in page(client, f"/bo/visites/{visite_id}")
    response = post(client, path, token, base="1", realisee_le="27/11/2026 09:30")
    assert response.status_code == 302
    assert _visite(app, visite_id).realisee_le == "2026-11-27T09:30:00+01:00"
    history = page(client, f"/bo/visites/{visite_id}")
    assert "<strong>Réalisée le</strong> : 26/11/2026 14:00 → 27/11/2026 09:30" in history


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("26/11/2026 14:00", "2026-11-26T14:00:00+01:00"),
        ("26/11/2026 à 9h05", "2026-11-26T09:05:00+01:00"),
        ("1/7/2026 08:00", "2026-07-01T08:00:00+02:00"),
        ("26/11/2026", "2026-11-26T00:00:00+01:00"),
        ("2026-11-26T13:00:00Z", "2026-11-26T14:00:00+01:00"),
    ],
)
def test_parse_french_datetime(typed: str, stored: str) -> None:
    assert parse_datetime(typed) == stored


@pytest.mark.parametrize("typed", ["hier", "31/02/2026 10:00", "26/11/26 10:00", "26-11-2026"])
def test_parse_french_datetime_refuses(typed: str) -> None:
    with pytest.raises(ValueError, match="format attendu : 26/11/2026 14:00"):
        parse_datetime(typed)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("350,50", 350.5),
        ("350.50", 350.5),
        ("1 000,50", 1000.5),
        ("1\u202f000,50 €", 1000.5),
        ("12", 12.0),
    ],
)
def test_parse_french_number(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["1_000", "abc", "1.000,50", "1e3", "nan", "3,5,0", ",5"])
def test_parse_french_number_refuses(typed: str) -> None:
    with pytest.raises(ValueError, match=r"^Nombre attendu\. Exemple : 350,50$"):
        parse_number(typed)


@pytest.mark.parametrize(("typed", "stored"), [("350,50", 350.5), ("350.50", 350.5)])
def test_correction_form_takes_french_numbers(
    app: Flask, client: FlaskClient, login_device, typed: str, stored: float
) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()), type="conseil")
    token = bo_login(client)
    response = post(client, f"/bo/visites/{visite_id}/corriger", token, cout_estime=typed)
    assert response.status_code == 302
    assert _visite(app, visite_id).cout_estime == stored
    assert 'name="cout_estime" value="350,50"' in page(client, f"/bo/visites/{visite_id}")


@pytest.mark.parametrize("typed", ["1_000", "abc"])
def test_correction_form_refuses_what_is_not_a_number(
    app: Flask, client: FlaskClient, login_device, typed: str
) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()), type="conseil")
    token = bo_login(client)
    response = post(client, f"/bo/visites/{visite_id}/corriger", token, cout_estime=typed)
    assert response.status_code == 400
    assert '<p class="field-error">Nombre attendu. Exemple : 350,50</p>' in response.get_data(
        as_text=True
    )
    visite = _visite(app, visite_id)
    assert (visite.cout_estime, visite.version) == (None, 1)


def test_history_shows_names_not_identifiers(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    visite_id = push_visite(device)
    device.push(device.mutation(visite_id, {"logement_id": LOGEMENT_R1_102}, base=1))
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    history = html[html.index("<h2>Historique</h2>") :]
    assert (
        "<strong>Logement</strong> : logement 101, Bâtiment A, Les Tilleuls → "
        "logement 102, Bâtiment A, Les Tilleuls"
    ) in history
    assert LOGEMENT_R1 not in history and LOGEMENT_R1_102 not in history
    assert device.id not in history
    assert history.count("<td>Tablette Claire</td>") == 2


def test_review_states_read_as_in_the_field_app(client: FlaskClient, login_device) -> None:
    assert REVIEW_STATE_LABELS == {
        "recu": "Reçue",
        "a_corriger": "À corriger",
        "corrige": "Corrigée",
        "valide": "Validée",
        "rejete": "Rejetée",
    }
    config = (ROOT / "pwa" / "src" / "config.js").read_text(encoding="utf-8")
    for code, label in REVIEW_STATE_LABELS.items():
        assert f"{code}: '{label}'" in config
    visite_id = push_visite(FakeDevice(client, login_device()))
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    assert '<span class="state state-recu">Reçue</span>' in html


def test_valider_stands_apart_from_the_send_back_comment(client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    validate = _section(html, '<section class="review-step review-validate"', "</section>")
    send_back = _section(html, '<section class="review-step review-send-back"', "</section>")
    assert '<button type="submit">Valider</button>' in validate
    assert "<textarea" not in validate and "Renvoyer" not in validate
    assert '<textarea id="comment-renvoyer"' in send_back and "Valider" not in send_back
    assert html.index("review-validate") < html.index("review-send-back")


def test_csv_export_has_french_dates_and_decimal_commas(client: FlaskClient, login_device) -> None:
    push_visite(
        FakeDevice(client, login_device()),
        type="conseil",
        cout_estime=50350.5,
        prevue_le="2026-12-01T10:00:00+01:00",
        realisee_le="2026-11-26T13:00:00Z",
    )
    bo_login(client)
    text = client.get("/bo/export/visites.csv").data.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Prévue le"], row["Réalisée le"], row["Coût estimé (€)"]) == (
        "01/12/2026 10:00",
        "26/11/2026 14:00",
        "50350,50",
    )


def test_new_pages_have_no_inline_script_or_style(client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    visite_id = push_visite(device)
    bo_login(client)
    for path in (
        f"/bo/visites/{visite_id}",
        f"/bo/visites/{visite_id}/supprimer",
        f"/bo/appareils/{device.id}/revoquer",
        "/bo/conflits",
    ):
        html = page(client, path)
        assert "<script" not in html and "style=" not in html and "<style" not in html, path
        assert " onclick=" not in html and " onsubmit=" not in html, path

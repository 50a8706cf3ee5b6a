"""Sending a signed état des lieux's PDF by e-mail, to a real local SMTP server."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from server.config import smtp_config as config_from_env
from server.extensions import db
from server.models import Bail, Locataire
from tests.server.edl_backoffice import (
    BAIL_B1,
    MARIE,
    MARIE_EMAIL,
    SUBJECT,
    PushedEdl,
    alerts,
    sendings,
)
from tests.server.smtp_helpers import LocalSmtp, free_port, smtp_config
from tests.server.sync_helpers import new_id
from tests.server.test_backoffice_support import bo_login, page, post


def test_without_smtp_the_form_says_so_and_nothing_is_sent(
    client: FlaskClient, app: Flask, signed: PushedEdl
) -> None:
    assert app.config["PALIER_SMTP_HOST"] == ""
    token = bo_login(client)
    html = page(client, signed.url)
    assert "L&#39;envoi d&#39;e-mails n&#39;est pas configuré sur ce serveur" in html
    assert 'name="autre_adresse"' not in html
    response = post(client, f"{signed.url}/envoyer", token, locataire=MARIE)
    assert response.status_code == 503
    assert alerts(response.get_data(as_text=True))[0].startswith(
        "L&#39;envoi d&#39;e-mails n&#39;est pas configuré"
    )
    assert sendings(app) == []


def test_a_bad_mail_setting_leaves_the_server_up_and_says_why(
    app: Flask, client: FlaskClient, signed: PushedEdl, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = config_from_env({"PALIER_SMTP_HOST": "smtp.example.fr", "PALIER_SMTP_FROM": "edl"})
    for key, value in bad.items():
        monkeypatch.setitem(app.config, key, value)
    token = bo_login(client)
    response = post(client, f"{signed.url}/envoyer", token, locataire=MARIE)
    assert response.status_code == 503
    assert "mal configuré sur ce serveur : PALIER_SMTP_FROM n&#39;est pas une adresse" in (
        response.get_data(as_text=True)
    )
    assert sendings(app) == []
    assert client.get("/api/v1/health").status_code == 200


def test_sending_the_signed_edl(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    token = bo_login(client)
    html = page(client, signed.url)
    assert (
        f'<input type="checkbox" name="locataire" value="{MARIE}" checked> '
        f"Marie DUPONT — {MARIE_EMAIL}"
    ) in html
    response = post(
        client,
        f"{signed.url}/envoyer",
        token,
        locataire=MARIE,
        autre_adresse="gestion@bailleur.example.fr; Marie.Dupont@example.fr",
        message="Bienvenue dans votre logement.",
    )
    assert (response.status_code, response.headers["Location"]) == (302, signed.url)

    [received] = smtp.inbox.messages
    assert received.rcpt_tos == [MARIE_EMAIL, "gestion@bailleur.example.fr"]
    mail = received.message
    assert mail["Subject"] == SUBJECT
    assert mail["To"] == f"{MARIE_EMAIL}, gestion@bailleur.example.fr"
    body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith(
        "Bonjour,\n\nVous trouverez ci-joint l'état des lieux d'entrée du logement 101, "
        "Bâtiment A, Les Tilleuls, établi le 29/11/2026 10:00 et signé par les parties.\n\n"
        "Bienvenue dans votre logement.\n\n"
        f"Empreinte SHA-256 du document signé :\n{signed.hash}\n"
    )
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "etat-des-lieux-entree-logement-101.pdf"
    pdf = attachment.get_content()
    assert pdf == client.get(f"/api/v1/documents/etat_des_lieux/{signed.id}.pdf").data
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert signed.hash in text.replace("\n", "").replace(" ", "")

    [entry] = sendings(app)
    assert entry.target == f"etat_des_lieux:{signed.id}"
    assert entry.details == {
        "recipients": [MARIE_EMAIL, "gestion@bailleur.example.fr"],
        "refused": [],
        "content_hash": signed.hash,
    }
    html = page(client, signed.url)
    assert (
        f"L&#39;état des lieux a été envoyé à {MARIE_EMAIL}, gestion@bailleur.example.fr." in html
    )
    sent = re.findall(r'<p class="edl-sent">([^<]+)</p>', html)
    assert len(sent) == 1
    assert re.fullmatch(
        rf"Envoyé le \d\d/\d\d/\d{{4}} \d\d:\d\d à {MARIE_EMAIL}, "
        r"gestion@bailleur.example.fr par Sylvie Mercier.",
        sent[0],
    )


def test_bad_addresses_are_refused_one_by_one(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    token = bo_login(client)
    response = post(
        client,
        f"{signed.url}/envoyer",
        token,
        locataire=MARIE,
        autre_adresse="marie@, gestion@bailleur.example.fr, pas-une-adresse",
        message="À bientôt",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert alerts(html) == [
        "Adresse e-mail invalide : « marie@ ».",
        "Adresse e-mail invalide : « pas-une-adresse ».",
    ]
    assert 'value="marie@, gestion@bailleur.example.fr, pas-une-adresse"' in html
    assert ">À bientôt</textarea>" in html
    response = post(client, f"{signed.url}/envoyer", token)
    assert alerts(response.get_data(as_text=True)) == [
        "Choisissez au moins un destinataire ou saisissez une adresse."
    ]
    response = post(client, f"{signed.url}/envoyer", token, locataire=new_id())
    assert alerts(response.get_data(as_text=True)) == [
        "Destinataire inconnu : ce locataire n&#39;est pas sur le bail."
    ]
    assert smtp.inbox.messages == []
    assert sendings(app) == []


def test_a_locataire_without_email_is_shown_and_not_offered(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    with app.app_context():
        diallo = db.session.execute(select(Locataire).where(Locataire.code == "L2")).scalar_one()
        bail = db.session.get(Bail, BAIL_B1)
        bail.locataire_ids = [MARIE, diallo.id]
        diallo_id = diallo.id
        db.session.commit()
    token = bo_login(client)
    html = page(client, signed.url)
    assert "Mamadou DIALLO : pas d'adresse e-mail dans le référentiel." in html
    assert f'value="{diallo_id}"' not in html
    response = post(client, f"{signed.url}/envoyer", token, locataire=diallo_id)
    assert alerts(response.get_data(as_text=True)) == [
        "Mamadou DIALLO n&#39;a pas d&#39;adresse e-mail valide dans le référentiel."
    ]
    assert smtp.inbox.messages == []


def test_smtp_down_is_a_french_error_and_nothing_is_stored(
    client: FlaskClient,
    app: Flask,
    signed: PushedEdl,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for key, value in smtp_config(free_port()).items():
        monkeypatch.setitem(app.config, key, value)
    token = bo_login(client)
    response = post(client, f"{signed.url}/envoyer", token, locataire=MARIE)
    assert response.status_code == 502
    html = response.get_data(as_text=True)
    assert alerts(html) == [
        "L&#39;état des lieux n&#39;a pas été envoyé. Le serveur d&#39;e-mails est injoignable."
    ]
    assert f'value="{MARIE}" checked' in html  # the form is kept as posted
    assert "edl_send_failed code=smtp_unreachable" in caplog.text
    assert sendings(app) == []
    assert "Envoyé le" not in page(client, signed.url)


def test_a_recipient_refused_by_the_server(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    token = bo_login(client)
    response = post(client, f"{signed.url}/envoyer", token, autre_adresse="refuse@example.fr")
    assert response.status_code == 502
    assert alerts(response.get_data(as_text=True)) == [
        "L&#39;état des lieux n&#39;a pas été envoyé. "
        "Le serveur d&#39;e-mails a refusé les destinataires : refuse@example.fr."
    ]
    assert smtp.inbox.messages == []
    assert sendings(app) == []


def test_a_refused_recipient_among_others_is_reported(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    token = bo_login(client)
    response = post(
        client, f"{signed.url}/envoyer", token, locataire=MARIE, autre_adresse="refuse@example.fr"
    )
    assert response.status_code == 302
    assert [m.rcpt_tos for m in smtp.inbox.messages] == [[MARIE_EMAIL]]
    [entry] = sendings(app)
    assert (entry.details["recipients"], entry.details["refused"]) == (
        [MARIE_EMAIL],
        ["refuse@example.fr"],
    )
    html = page(client, signed.url)
    assert f"L&#39;état des lieux a été envoyé à {MARIE_EMAIL}." in html
    assert "Le serveur d&#39;e-mails a refusé : refuse@example.fr." in html

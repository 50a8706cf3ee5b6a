"""The état des lieux's back-office page: the document, signatures and photos; who sees it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.server.edl_backoffice import (
    MARIE,
    PushedEdl,
    alerts,
    sendings,
)
from tests.server.smtp_helpers import LocalSmtp
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login, page, post


def test_the_page_shows_the_signed_document(client: FlaskClient, signed: PushedEdl) -> None:
    bo_login(client)
    html = page(client, signed.url)
    assert '<h2 id="edl-document">État des lieux d&#39;entrée</h2>' in html
    assert "<tr><th>Logement</th><td>logement 101, Bâtiment A, Les Tilleuls</td></tr>" in html
    assert "<tr><th>Date de l'état des lieux</th><td>29/11/2026 10:00</td></tr>" in html
    assert '<span class="state state-valide">Signé</span>' in html
    assert f'<code class="details">{signed.hash}</code>' in html
    assert "Empreinte du contenu signé" in html
    assert "<tr><td>Locataire</td><td>Marie Dupont</td><td>—</td></tr>" in html
    assert "<tr><th>Représentant du bailleur</th><td>Claire Fontaine</td></tr>" in html
    assert '<td class="pre">aucun</td>' in html  # no mandataire
    assert "<td>Eau froide</td><td>EF-778812</td><td>350,5</td>" in html
    assert "<td>Gaz</td><td>GZ-1290</td><td>1200</td>" in html
    assert "<tr><td>porte palière</td><td>3</td><td>locataire</td></tr>" in html
    assert html.index("<h3>Séjour</h3>") < html.index("<h3>Cuisine</h3>")
    assert "<td>État d&#39;usage</td>\n        <td>Sale</td>" in html
    assert '<td class="pre">Émail éclaté</td>' in html
    assert "Logement propre, peinture récente." in html
    # the meter, general and element photos: a thumbnail linking to the full image
    for name in ("compteur", "general", "evier"):
        digest = signed.shas[name]
        assert f'<a href="/bo/blobs/{digest}"><img src="/bo/blobs/{digest}/thumb"' in html
        assert client.get(f"/bo/blobs/{digest}/thumb").mimetype == "image/jpeg"
    assert 'alt="Photo du compteur Eau froide"' in html
    assert "<br>Évier — Éclat</li>" in html
    # the signatures: role, name, date, image, and the content they signed
    assert "<strong>Locataire : Marie Dupont</strong><br>\n      Signée le 29/11/2026 11:01" in html
    assert (
        "<strong>Bailleur : Claire Fontaine</strong><br>\n      Signée le 29/11/2026 11:02" in html
    )
    images = re.findall(r'<img src="(/bo/records/etat_des_lieux/[^"]+/signatures/[^"]+)"', html)
    assert len(images) == 2
    for src in images:
        image = client.get(src)
        assert (image.status_code, image.mimetype) == (200, "image/jpeg")
    assert html.count("Porte sur le contenu signé de l'état des lieux.") == 2
    # the PDF, the generic page's review and history
    pdf_link = f'href="/api/v1/documents/etat_des_lieux/{signed.id}.pdf"'
    assert pdf_link in html
    assert client.get(f"/api/v1/documents/etat_des_lieux/{signed.id}.pdf").status_code == 200
    assert 'id="step-valider"' in html
    assert "<h2>Historique</h2>" in html
    assert "<h2>Champs</h2>" not in html  # the document replaces the generic field table
    # a signed EDL can no longer change: no correction form, no deletion
    assert "Cet état des lieux est signé : il ne peut plus être corrigé ni supprimé." in html
    assert 'name="observations"' not in html
    assert "/supprimer" not in html


def test_a_draft_shows_its_current_hash_and_cannot_be_sent(
    client: FlaskClient, app: Flask, tablet: FakeDevice, smtp: LocalSmtp
) -> None:
    draft = PushedEdl(client, tablet, signed=False)
    token = bo_login(client)
    html = page(client, draft.url)
    assert '<span class="state">Brouillon</span>' in html
    assert "Empreinte du contenu actuel (non signé)" in html
    assert f'<code class="details">{draft.hash}</code>' in html
    assert "Porte sur le contenu actuel de l'état des lieux." in html
    assert "seul un état des lieux signé par le locataire et le bailleur peut être envoyé" in html
    assert 'name="autre_adresse"' not in html
    assert 'name="observations"' in html  # a draft may still be corrected
    response = post(client, f"{draft.url}/envoyer", token, locataire=MARIE)
    assert response.status_code == 409
    assert alerts(response.get_data(as_text=True)) == [
        "Cet état des lieux est un brouillon : seul un état des lieux signé par le locataire et "
        "le bailleur peut être envoyé."
    ]
    assert smtp.inbox.messages == []
    assert sendings(app) == []


@pytest.mark.parametrize("user", ["gardien", "gestionnaire"])
def test_field_roles_cannot_see_or_send(
    client: FlaskClient, signed: PushedEdl, smtp: LocalSmtp, user: str
) -> None:
    token = bo_login(client, user)
    signature = client.get(f"{signed.url}/signatures/{new_id()}")
    assert client.get(signed.url).status_code == 403
    assert signature.status_code == 403
    assert post(client, f"{signed.url}/envoyer", token, locataire=MARIE).status_code == 403
    assert smtp.inbox.messages == []


def test_anonymous_is_sent_to_login(client: FlaskClient, signed: PushedEdl) -> None:
    for path in (signed.url, f"{signed.url}/signatures/{new_id()}"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/bo/login?next=")


def test_a_signature_image_of_another_edl_is_not_served(
    client: FlaskClient, tablet: FakeDevice, signed: PushedEdl
) -> None:
    other = PushedEdl(client, tablet)
    bo_login(client)
    html = page(client, other.url)
    src = re.findall(r'<img src="/bo/records/etat_des_lieux/[^"]+/signatures/([^"]+)"', html)[0]
    assert client.get(f"{other.url}/signatures/{src}").status_code == 200
    assert client.get(f"{signed.url}/signatures/{src}").status_code == 404

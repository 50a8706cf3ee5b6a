"""The état des lieux's back-office page and sending its PDF by e-mail to a real SMTP server."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlalchemy import select

from server.config import smtp_config as config_from_env
from server.extensions import db
from server.models import AuditEntry, Bail, Locataire
from server.referentiel_io import stable_id
from sync.canonical import canonical_text, content_hash
from tests.server.conftest import LOGEMENT_R1
from tests.server.images import jpeg, sha
from tests.server.smtp_helpers import LocalSmtp, free_port, local_smtp, smtp_config
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login, page, post

BAIL_B1 = stable_id("bail", "B1")
MARIE = stable_id("locataire", "L1")  # DUPONT Marie, marie.dupont@example.fr, on bail B1
MARIE_EMAIL = "marie.dupont@example.fr"
SUBJECT = "État des lieux d'entrée — logement 101 — 29/11/2026"


def _png(seed: int) -> bytes:
    image = Image.new("RGB", (300, 100), (255, 255, 255))
    ImageDraw.Draw(image).line(
        [(10, 80 - seed * 20), (150, 20), (290, 70)], fill=(0, 0, 0), width=4
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class PushedEdl:
    """An EDL d'entrée of logement 101 on bail B1, as a tablet pushes it, signed or not."""

    def __init__(self, client: FlaskClient, device: FakeDevice, signed: bool = True) -> None:
        self.client, self.device = client, device
        self.id = new_id()
        murs, sol, evier = new_id(), new_id(), new_id()
        self.compteur_photo, self.general_photo = new_id(), new_id()
        self.element_photo = new_id()
        self.fields: dict[str, Any] = {
            "logement_id": LOGEMENT_R1,
            "bail_id": BAIL_B1,
            "sens": "entree",
            "date_edl": "2026-11-29T10:00:00+01:00",
            "parties": [
                {"role": "locataire", "nom": "Marie Dupont", "adresse": None},
                {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": "3 place Bellecour"},
            ],
            "bailleur_representant": "Claire Fontaine",
            "bailleur_adresse": "3 place Bellecour, 69002 Lyon",
            "mandataire": None,
            "compteurs": [
                {"type": "eau_froide", "numero": "EF-778812", "index": 350.5},
                {"type": "gaz", "numero": "GZ-1290", "index": 1200},
            ],
            "cles": [{"type": "porte palière", "nombre": 3, "destination": "locataire"}],
            "observations": "Logement propre, peinture récente.",
        }
        self.fields["compteurs"][0]["photo_id"] = self.compteur_photo
        self.elements = {
            murs: self._element("Séjour", "Murs", 1, etat="usage", sale=True, obs="Trace au mur"),
            sol: self._element("Séjour", "Sol", 2, etat="bon"),
            evier: self._element("Cuisine", "Évier", 3, etat="mauvais", obs="Émail éclaté"),
        }
        self.shas = {
            "compteur": self._upload(jpeg(colour=(90, 90, 90))),
            "general": self._upload(jpeg(colour=(10, 120, 200))),
            "evier": self._upload(jpeg(colour=(200, 80, 40))),
        }
        self.photos = {
            self.compteur_photo: self._photo(self.shas["compteur"], "etat_des_lieux", self.id, ""),
            self.general_photo: self._photo(self.shas["general"], "etat_des_lieux", self.id, "Vue"),
            self.element_photo: self._photo(self.shas["evier"], "edl_element", evier, "Éclat"),
        }
        mutations = [device.mutation(self.id, self.fields, entity="etat_des_lieux")]
        mutations += [device.mutation(i, f, entity="edl_element") for i, f in self.elements.items()]
        mutations += [device.mutation(i, f, entity="photo") for i, f in self.photos.items()]
        self.hash = self._hash()
        self.signatures = [("locataire", "Marie Dupont", 1)]
        if signed:
            self.signatures.append(("bailleur", "Claire Fontaine", 2))
        for role, nom, seed in self.signatures:
            fields = {
                "owner_entity": "etat_des_lieux",
                "owner_record": self.id,
                "role": role,
                "nom": nom,
                "image_sha256": self._upload(_png(seed)),
                "content_hash": self.hash,
                "signed_at": f"2026-11-29T11:0{seed}:00+01:00",
            }
            mutations.append(device.mutation(new_id(), fields, entity="signature"))
        response = device.push(*mutations)
        results = response.get_json()["results"]
        assert [r["status"] for r in results] == ["applied"] * len(mutations), results

    def _element(self, piece: str, element: str, ordre: int, **extra: Any) -> dict[str, Any]:
        return {
            "edl_id": self.id,
            "piece": piece,
            "element": element,
            "ordre": ordre,
            "etat": extra.get("etat"),
            "non_teste": False,
            "absent": False,
            "sale": extra.get("sale", False),
            "observations": extra.get("obs", ""),
        }

    def _photo(self, digest: str, entity: str, owner: str, caption: str) -> dict[str, Any]:
        return {
            "sha256": digest,
            "owner_entity": entity,
            "owner_record": owner,
            "caption": caption,
            "taken_at": "2026-11-29T10:15:00+01:00",
        }

    def _upload(self, data: bytes) -> str:
        response = self.client.put(
            f"/api/v1/blobs/{sha(data)}",
            data=data,
            headers={**self.device.headers, "Content-Type": "application/octet-stream"},
        )
        assert response.status_code in (200, 201), response.get_json()
        return sha(data)

    def _hash(self) -> str:
        return content_hash(
            canonical_text(
                {"record": self.id, "fields": self.fields},
                [{"record": i, "fields": f} for i, f in self.elements.items()],
                [{"record": i, "fields": f} for i, f in self.photos.items()],
            )
        )

    @property
    def url(self) -> str:
        return f"/bo/records/etat_des_lieux/{self.id}"


@pytest.fixture
def tablet(client: FlaskClient, login_device) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire", "Tablette A"))


@pytest.fixture
def signed(client: FlaskClient, tablet: FakeDevice) -> PushedEdl:
    return PushedEdl(client, tablet)


@pytest.fixture
def smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalSmtp]:
    with local_smtp(refused={"refuse@example.fr"}) as server:
        for key, value in smtp_config(server.port).items():
            monkeypatch.setitem(app.config, key, value)
        yield server


def _sendings(app: Flask) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.execute(select(AuditEntry).where(AuditEntry.action == "edl_send"))
        return list(rows.scalars())


def _alerts(html: str) -> list[str]:
    return re.findall(r'<p class="field-error">([^<]+)</p>', html)


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
    assert _alerts(response.get_data(as_text=True)) == [
        "Cet état des lieux est un brouillon : seul un état des lieux signé par le locataire et "
        "le bailleur peut être envoyé."
    ]
    assert smtp.inbox.messages == []
    assert _sendings(app) == []


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
    assert _alerts(response.get_data(as_text=True))[0].startswith(
        "L&#39;envoi d&#39;e-mails n&#39;est pas configuré"
    )
    assert _sendings(app) == []


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
    assert _sendings(app) == []
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

    [entry] = _sendings(app)
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
    assert _alerts(html) == [
        "Adresse e-mail invalide : « marie@ ».",
        "Adresse e-mail invalide : « pas-une-adresse ».",
    ]
    assert 'value="marie@, gestion@bailleur.example.fr, pas-une-adresse"' in html
    assert ">À bientôt</textarea>" in html
    response = post(client, f"{signed.url}/envoyer", token)
    assert _alerts(response.get_data(as_text=True)) == [
        "Choisissez au moins un destinataire ou saisissez une adresse."
    ]
    response = post(client, f"{signed.url}/envoyer", token, locataire=new_id())
    assert _alerts(response.get_data(as_text=True)) == [
        "Destinataire inconnu : ce locataire n&#39;est pas sur le bail."
    ]
    assert smtp.inbox.messages == []
    assert _sendings(app) == []


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
    assert _alerts(response.get_data(as_text=True)) == [
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
    assert _alerts(html) == [
        "L&#39;état des lieux n&#39;a pas été envoyé. Le serveur d&#39;e-mails est injoignable."
    ]
    assert f'value="{MARIE}" checked' in html  # the form is kept as posted
    assert "edl_send_failed code=smtp_unreachable" in caplog.text
    assert _sendings(app) == []
    assert "Envoyé le" not in page(client, signed.url)


def test_a_recipient_refused_by_the_server(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    token = bo_login(client)
    response = post(client, f"{signed.url}/envoyer", token, autre_adresse="refuse@example.fr")
    assert response.status_code == 502
    assert _alerts(response.get_data(as_text=True)) == [
        "L&#39;état des lieux n&#39;a pas été envoyé. "
        "Le serveur d&#39;e-mails a refusé les destinataires : refuse@example.fr."
    ]
    assert smtp.inbox.messages == []
    assert _sendings(app) == []


def test_a_refused_recipient_among_others_is_reported(
    client: FlaskClient, app: Flask, signed: PushedEdl, smtp: LocalSmtp
) -> None:
    token = bo_login(client)
    response = post(
        client, f"{signed.url}/envoyer", token, locataire=MARIE, autre_adresse="refuse@example.fr"
    )
    assert response.status_code == 302
    assert [m.rcpt_tos for m in smtp.inbox.messages] == [[MARIE_EMAIL]]
    [entry] = _sendings(app)
    assert (entry.details["recipients"], entry.details["refused"]) == (
        [MARIE_EMAIL],
        ["refuse@example.fr"],
    )
    html = page(client, signed.url)
    assert f"L&#39;état des lieux a été envoyé à {MARIE_EMAIL}." in html
    assert "Le serveur d&#39;e-mails a refusé : refuse@example.fr." in html


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

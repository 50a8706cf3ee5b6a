"""The états des lieux family: sync, visibility, canonical content, signatures, PDF."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from pypdf import PdfReader

from server.blobs import get_store
from server.extensions import db
from server.models import EdlElement, EtatDesLieux
from sync.canonical import canonical_text, content_hash
from tests.server.conftest import LOGEMENT_R1
from tests.server.images import jpeg, sha
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login, page

EDL_ENTITIES = ("etat_des_lieux", "edl_element", "signature")


def _transparent_png() -> bytes:
    """A signature as signature_pad exports it: black strokes on a transparent background."""
    image = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _upload(client: FlaskClient, device: FakeDevice, data: bytes) -> str:
    digest = sha(data)
    response = client.put(
        f"/api/v1/blobs/{digest}",
        data=data,
        headers={**device.headers, "Content-Type": "application/octet-stream"},
    )
    assert response.status_code in (200, 201), response.get_json()
    return digest


def _push_ok(device: FakeDevice, *mutations: dict[str, Any]) -> list[dict]:
    response = device.push(*mutations)
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(mutations), results
    return results


class Edl:
    """An EDL d'entrée of a T3 as the tablet writes it, kept as sent (the device's records)."""

    def __init__(self, client: FlaskClient, device: FakeDevice) -> None:
        self.id = new_id()
        self.fields = {
            "logement_id": LOGEMENT_R1,
            "sens": "entree",
            "date_edl": "2026-11-29T10:00:00+01:00",
            "parties": [
                {"role": "locataire", "nom": "Marie Dupont-Éléonore", "adresse": None},
                {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": "3 place Bellecour"},
            ],
            "bailleur_representant": "Claire Fontaine",
            "bailleur_adresse": "3 place Bellecour, 69002 Lyon",
            "compteurs": [{"type": "eau_froide", "numero": "A-123", "index": 350.5}],
            "cles": [{"type": "porte palière", "nombre": 2, "destination": "locataire"}],
            "observations": "Logement propre, peinture récente.",
        }
        self.elements = {
            new_id(): {
                "edl_id": self.id,
                "piece": "Séjour",
                "element": "Sol",
                "ordre": 2,
                "etat": "bon",
                "non_teste": False,
                "absent": False,
                "sale": False,
                "observations": "",
            },
            new_id(): {
                "edl_id": self.id,
                "piece": "Séjour",
                "element": "Murs",
                "ordre": 1,
                "etat": "usage",
                "sale": True,
                "observations": "Trace près de la fenêtre",
            },
        }
        first_element = next(iter(self.elements))
        self.photos = {
            new_id(): {
                "sha256": _upload(client, device, jpeg(colour=(10, 120, 200))),
                "owner_entity": "etat_des_lieux",
                "owner_record": self.id,
                "caption": "Vue d'ensemble",
            },
            new_id(): {
                "sha256": _upload(client, device, jpeg(colour=(200, 120, 10))),
                "owner_entity": "edl_element",
                "owner_record": first_element,
                "caption": "Sol du séjour",
            },
        }

    def mutations(self, device: FakeDevice) -> list[dict[str, Any]]:
        """The EDL, its elements and photos, as one push."""
        out = [device.mutation(self.id, self.fields, entity="etat_des_lieux")]
        out += [device.mutation(i, f, entity="edl_element") for i, f in self.elements.items()]
        out += [device.mutation(i, f, entity="photo") for i, f in self.photos.items()]
        return out

    def device_hash(self) -> str:
        """The content hash the tablet computes over what it wrote (docs/canonical.md §4)."""
        return content_hash(
            canonical_text(
                {"record": self.id, "fields": self.fields},
                [{"record": i, "fields": f} for i, f in self.elements.items()],
                [{"record": i, "fields": f} for i, f in self.photos.items()],
            )
        )


def _signature(
    device: FakeDevice, edl: Edl, role: str, nom: str, image: str, digest: str
) -> dict[str, Any]:
    fields = {
        "owner_entity": "etat_des_lieux",
        "owner_record": edl.id,
        "role": role,
        "nom": nom,
        "image_sha256": image,
        "content_hash": digest,
        "signed_at": "2026-11-29T11:00:00+01:00",
    }
    return device.mutation(new_id(), fields, entity="signature")


def test_an_edl_syncs_to_gestionnaires_and_never_to_a_gardien(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    other = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    gardien = FakeDevice(client, login_device("gardien", "Téléphone gardien"))
    _changes, cursor = other.pull_all()
    _changes, gardien_cursor = gardien.pull_all()
    edl = Edl(client, claire)
    _push_ok(claire, *edl.mutations(claire))

    changes, _cursor = other.pull_all(cursor)
    pulled = {(c["entity"], c["record"]): c for c in changes}
    assert pulled[("etat_des_lieux", edl.id)]["fields"]["parties"] == edl.fields["parties"]
    assert pulled[("etat_des_lieux", edl.id)]["fields"]["statut"] == "brouillon"
    for record, fields in edl.elements.items():
        assert pulled[("edl_element", record)]["fields"]["piece"] == fields["piece"]
    assert sum(1 for key in pulled if key[0] == "photo") == 2

    seen, _cursor = gardien.pull_all(gardien_cursor)
    shown = [c for c in seen if c["entity"] in EDL_ENTITIES and not c.get("removed")]
    shown += [c for c in seen if c["entity"] == "photo" and not c.get("removed")]
    assert shown == []
    snapshot, _cursor = gardien.pull_all()
    assert [c for c in snapshot if c["entity"] in (*EDL_ENTITIES, "photo")] == []


def test_signing_an_edl(client: FlaskClient, login_device, app: Flask) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    edl = Edl(client, claire)
    _push_ok(claire, *edl.mutations(claire))
    digest = edl.device_hash()

    response = client.get(
        f"/api/v1/documents/etat_des_lieux/{edl.id}/canonical", headers=claire.headers
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["content_hash"] == digest
    assert content_hash(body["canonical"]) == digest

    png = _transparent_png()
    image = _upload(client, claire, png)
    wrong = _signature(claire, edl, "locataire", "Marie Dupont-Éléonore", image, "0" * 64)
    refused = claire.push(wrong).get_json()["results"][0]
    assert (refused["status"], refused["code"]) == ("rejected", "empreinte_invalide")
    assert refused["message"].startswith("La signature porte sur un autre contenu")

    _push_ok(
        claire,
        _signature(claire, edl, "locataire", "Marie Dupont-Éléonore", image, digest),
        _signature(claire, edl, "bailleur", "Claire Fontaine", image, digest),
    )
    with app.app_context():
        stored = db.session.get(EtatDesLieux, edl.id)
        assert (stored.statut, stored.content_hash, stored.version) == ("signe", digest, 2)
        # signature_pad's transparent background is stored white, not black
        kept = Image.open(io.BytesIO(get_store().open(image)))
        assert kept.convert("RGB").getpixel((0, 0)) == (255, 255, 255)

    other = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    changes, _cursor = other.pull_all()
    pulled = next(c for c in changes if c["record"] == edl.id)
    assert (pulled["version"], pulled["fields"]["statut"]) == (2, "signe")
    assert pulled["fields"]["content_hash"] == digest

    element_id = next(iter(edl.elements))
    edit = claire.mutation(element_id, {"etat": "mauvais"}, base=1, entity="edl_element")
    photo = claire.mutation(
        new_id(),
        {
            "sha256": next(iter(edl.photos.values()))["sha256"],
            "owner_entity": "edl_element",
            "owner_record": element_id,
        },
        entity="photo",
    )
    delete = claire.mutation(edl.id, base=2, entity="etat_des_lieux", op="delete")
    results = claire.push(edit, photo, delete).get_json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [("rejected", "document_signe")] * 3
    with app.app_context():
        assert db.session.get(EdlElement, element_id).etat == "bon"
        assert db.session.get(EtatDesLieux, edl.id).deleted is False
    after = client.get(
        f"/api/v1/documents/etat_des_lieux/{edl.id}/canonical", headers=claire.headers
    )
    assert after.get_json()["content_hash"] == digest

    pdf = client.get(f"/api/v1/documents/etat_des_lieux/{edl.id}.pdf", headers=claire.headers)
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    flat = text.replace("\n", "").replace(" ", "")
    assert digest in flat
    assert "Marie Dupont-Éléonore" in text
    assert "Office Rhône Habitat" in text


def test_documents_stay_out_of_reach(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    edl = Edl(client, claire)
    _push_ok(claire, *edl.mutations(claire))
    for login in ("gardien", "gestionnaire2"):
        device = FakeDevice(client, login_device(login, "Autre"))
        for path in (f"{edl.id}/canonical", f"{edl.id}.pdf"):
            response = client.get(
                f"/api/v1/documents/etat_des_lieux/{path}", headers=device.headers
            )
            assert response.status_code == 404, (login, path)
    gardien = FakeDevice(client, login_device("gardien", "Téléphone"))
    refused = gardien.push(
        gardien.mutation(new_id(), edl.fields, entity="etat_des_lieux")
    ).get_json()["results"][0]
    assert (refused["status"], refused["code"]) == ("rejected", "forbidden")
    assert client.get(f"/api/v1/documents/etat_des_lieux/{edl.id}.pdf").status_code == 401


def test_the_review_queue_lists_the_edl(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    edl = Edl(client, claire)
    _push_ok(claire, *edl.mutations(claire))
    bo_login(client)
    queue = page(client, "/bo/revue")
    assert f'href="/bo/records/etat_des_lieux/{edl.id}"' in queue
    assert page(client, f"/bo/records/etat_des_lieux/{edl.id}").count("Claire Fontaine") >= 1
    pdf = client.get(f"/api/v1/documents/etat_des_lieux/{edl.id}.pdf")
    assert pdf.status_code == 200
    export = client.get("/bo/export/etats_des_lieux.csv")
    assert (export.status_code, export.mimetype) == (200, "text/csv")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8")[1:]), delimiter=";"))
    assert rows[0][:4] == ["Identifiant", "Reçu le", "Sens", "Résidence"]
    assert (rows[1][0], rows[1][3], rows[1][9]) == (edl.id, "Les Tilleuls", "Brouillon")


def test_free_text_is_checked_against_the_cnil_rule(
    client: FlaskClient, login_device, app: Flask
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    edl = Edl(client, claire)
    element_id = next(iter(edl.elements))
    edl.elements[element_id]["observations"] = "Locataire ivre à notre passage"
    _push_ok(claire, *edl.mutations(claire))
    with app.app_context():
        assert db.session.get(EdlElement, element_id).flags == ["ivre"]
        assert db.session.get(EtatDesLieux, edl.id).flags == []


def test_lists_are_checked_item_by_item(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    fields = {
        "logement_id": LOGEMENT_R1,
        "sens": "entree",
        "parties": [{"role": "voisin", "nom": "X"}],
        "cles": [{"type": "badge", "nombre": "deux", "destination": "locataire"}],
    }
    result = claire.push(claire.mutation(new_id(), fields, entity="etat_des_lieux")).get_json()[
        "results"
    ][0]
    assert (result["status"], result["code"]) == ("rejected", "validation_error")
    assert set(result["errors"]) == {"parties", "cles"}


def test_an_edl_signed_offline_lands_in_one_push(
    client: FlaskClient, login_device, app: Flask
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    edl = Edl(client, claire)
    digest = edl.device_hash()
    image = _upload(client, claire, _transparent_png())
    _push_ok(
        claire,
        *edl.mutations(claire),
        _signature(claire, edl, "locataire", "Marie Dupont-Éléonore", image, digest),
        _signature(claire, edl, "bailleur", "Claire Fontaine", image, digest),
    )
    with app.app_context():
        stored = db.session.get(EtatDesLieux, edl.id)
        assert (stored.statut, stored.content_hash) == ("signe", digest)


def test_a_signature_over_content_another_tablet_changed_is_refused(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    other = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    edl = Edl(client, claire)
    _push_ok(claire, *edl.mutations(claire))
    digest = edl.device_hash()
    element_id = next(iter(edl.elements))
    _push_ok(other, other.mutation(element_id, {"etat": "mauvais"}, base=1, entity="edl_element"))
    image = _upload(client, claire, _transparent_png())
    result = claire.push(
        _signature(claire, edl, "locataire", "Marie Dupont-Éléonore", image, digest)
    ).get_json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "empreinte_invalide")


def test_a_signature_over_an_earlier_content_is_not_printed(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    edl = Edl(client, claire)
    _push_ok(claire, *edl.mutations(claire))
    image = _upload(client, claire, _transparent_png())
    _push_ok(
        claire, _signature(claire, edl, "locataire", "Ancien Signataire", image, edl.device_hash())
    )
    element_id = next(iter(edl.elements))
    _push_ok(claire, claire.mutation(element_id, {"etat": "usage"}, base=1, entity="edl_element"))
    edl.elements[element_id]["etat"] = "usage"
    digest = edl.device_hash()
    _push_ok(
        claire,
        _signature(claire, edl, "locataire", "Marie Dupont-Éléonore", image, digest),
        _signature(claire, edl, "bailleur", "Claire Fontaine", image, digest),
    )
    pdf = client.get(f"/api/v1/documents/etat_des_lieux/{edl.id}.pdf", headers=claire.headers)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Marie Dupont-Éléonore" in text
    assert "Ancien Signataire" not in text

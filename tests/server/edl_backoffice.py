"""An état des lieux d'entrée of logement 101 on bail B1 pushed as a tablet does, for the
back-office EDL page and e-mail tests."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry
from server.referentiel_io import stable_id
from sync.canonical import canonical_text, content_hash
from tests.server.conftest import LOGEMENT_R1
from tests.server.images import jpeg, sha, signature_png
from tests.server.sync_helpers import FakeDevice, new_id

BAIL_B1 = stable_id("bail", "B1")
MARIE = stable_id("locataire", "L1")  # DUPONT Marie, marie.dupont@example.fr, on bail B1
MARIE_EMAIL = "marie.dupont@example.fr"
SUBJECT = "État des lieux d'entrée — logement 101 — 29/11/2026"


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
                "image_sha256": self._upload(signature_png(seed)),
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


def sendings(app: Flask) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.execute(select(AuditEntry).where(AuditEntry.action == "edl_send"))
        return list(rows.scalars())


def alerts(html: str) -> list[str]:
    return re.findall(r'<p class="field-error">([^<]+)</p>', html)

"""Records of one person in three families, for the data-subject export tests.

Marie DUPONT (locataire L1, logement 101) has an état des lieux d'entrée, a permanence contact
that became a réclamation, and is the plaignant of a troubles dossier against Henri LEFÈVRE
(locataire L3, logement 102), who was heard too; Mamadou DIALLO (L2) is named as a witness.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from server.extensions import db
from server.models import Bail, Locataire
from server.referentiel_io import stable_id
from tests.server.conftest import R1
from tests.server.edl_backoffice import MARIE, PushedEdl
from tests.server.reclamations_helpers import CONTACT, FUITE, PERMANENCE
from tests.server.sync_helpers import FakeDevice
from tests.server.troubles_helpers import create

HENRI = stable_id("locataire", "L3")
LOGEMENT_102 = stable_id("logement", "R1-A-102")
MARIE_ENTRETIEN = {
    "date": "2026-11-23T14:00:00+01:00",
    "lieu": "Loge du gardien",
    "mene_par": "Claire Fontaine",
    "role": "plaignant",
    "personne": "Marie Dupont",
    "faits_declares": "Mme Dupont déclare que M. Lefèvre met la musique forte après 23 h.",
    "version_autre_partie": "Henri Lefèvre dit ne rien entendre.",
    "information_donnee": True,
}
HENRI_ENTRETIEN = {
    "date": "2026-11-26T10:00:00+01:00",
    "lieu": "Agence",
    "mene_par": "Claire Fontaine",
    "role": "mis_en_cause",
    "personne": "Henri Lefèvre",
    "faits_declares": "M. Lefèvre conteste ; il dit que Mme Dupont claque les portes.",
    "information_donnee": True,
}


def add_henri(app: Flask) -> None:
    """Henri LEFÈVRE, locataire L3 of logement 102 since 2020."""
    with app.app_context():
        db.session.add(Locataire(id=HENRI, code="L3", nom="LEFÈVRE", prenom="Henri"))
        db.session.add(
            Bail(
                id=stable_id("bail", "B3"),
                code="B3",
                logement_id=LOGEMENT_102,
                residence_id=R1,
                debut=date(2020, 1, 1),
                loyer=380,
                depot_garantie=380,
                locataire_ids=[HENRI],
            )
        )
        db.session.commit()


class ThreeFamilies:
    """Marie's EDL, her contact and réclamation, and the dossier she complains in: ids."""

    def __init__(self, app: Flask, client: FlaskClient, tablet: FakeDevice) -> None:
        add_henri(app)
        self.edl = PushedEdl(client, tablet).id
        self.permanence = create(tablet, "permanence", PERMANENCE)
        contact = CONTACT | {
            "permanence_id": self.permanence,
            "locataire_id": MARIE,
            "demande": "Se plaint de la musique de M. Lefèvre, au 102.",
        }
        self.contact = create(tablet, "contact_permanence", contact)
        self.reclamation = create(
            tablet, "reclamation", FUITE | {"origine": "permanence", "contact_id": self.contact}
        )
        self.dossier = create(
            tablet,
            "dossier_trouble",
            {
                "logement_id": LOGEMENT_102,
                "nature": ["bruit"],
                "qualification": "trouble_voisinage",
                "description": "Musique forte après 23 h, signalée par Mme Dupont.",
                "ouvert_le": "2026-11-20T10:00:00+01:00",
            },
        )
        self.fait = create(
            tablet,
            "fait",
            {
                "logement_id": LOGEMENT_102,
                "dossier_id": self.dossier,
                "survenu_le": "2026-11-21T23:15:00+01:00",
                "nature": "bruit",
                "intensite": "forte",
                "signale_par": "Marie Dupont",
                "temoins": "M. Diallo",
                "description": "Musique audible depuis le palier du 101.",
            },
        )
        self.entretien = create(tablet, "entretien", MARIE_ENTRETIEN | {"dossier_id": self.dossier})
        self.henri_entretien = create(
            tablet, "entretien", HENRI_ENTRETIEN | {"dossier_id": self.dossier}
        )
        self.demarche = create(
            tablet,
            "demarche",
            {
                "dossier_id": self.dossier,
                "type": "rappel_bail",
                "date": "2026-11-27T09:00:00+01:00",
                "details": "Courrier de rappel au bail à M. Lefèvre (jouissance paisible).",
            },
        )


def fold(text: str) -> str:
    """Text without accents, lower-case (what must not appear is looked for this way)."""
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).lower()


def unzip(data: bytes) -> tuple[dict[str, Any], str, str, list[str]]:
    """(the JSON document, its text, the PDF's text, the ZIP's names) of an export."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        json_text = archive.read("donnees.json").decode("utf-8")
        pdf = archive.read("donnees.pdf")
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return json.loads(json_text), json_text, " ".join(pdf_text.split()), names


def ids(doc: dict[str, Any], family: str, entity: str) -> list[str]:
    """The ids of an entity's records in an export."""
    return [row["id"] for row in doc["families"].get(family, {}).get(entity, [])]


def one(doc: dict[str, Any], family: str, entity: str) -> dict[str, Any]:
    """The only record of an entity in an export."""
    found = doc["families"][family][entity]
    assert len(found) == 1, found
    return found[0]

"""Records of the troubles family for server tests: one dossier and one record of each kind."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id

DOSSIER = {
    "logement_id": LOGEMENT_R1,
    "nature": ["bruit", "menaces"],
    "depuis": "2026-09-01",
    "frequence": "hebdomadaire",
    "menages_concernes": 3,
    "qualification": "trouble_voisinage",
    "description": "Musique forte après 23 h, plusieurs soirs par semaine.",
    "ouvert_le": "2026-11-20T10:00:00+01:00",
}
FAIT = {
    "logement_id": LOGEMENT_R1,
    "survenu_le": "2026-11-21T23:15:00+01:00",
    "fin_le": "2026-11-22T01:00:00+01:00",
    "nature": "bruit",
    "intensite": "forte",
    "signale_par": "Gardien",
    "temoins": "Voisins du 2e étage",
    "description": "Musique audible depuis le palier.",
    "nuit": True,
}
ENTRETIEN = {
    "date": "2026-11-23T14:00:00+01:00",
    "lieu": "Loge du gardien",
    "mene_par": "Claire Fontaine",
    "role": "plaignant",
    "personne": "Mme Martin",
    "faits_declares": "Mme Martin déclare entendre de la musique forte après 23 h.",
    "engagements": [{"texte": "Tenir un relevé des nuisances", "echeance": "2026-12-15"}],
    "information_donnee": True,
    "prochaine_action": "Rappel au bail au mis en cause.",
}
DEMARCHE = {
    "type": "rappel_bail",
    "date": "2026-11-24T09:00:00+01:00",
    "details": "Courrier de rappel au bail (article sur la jouissance paisible).",
}
ATTESTATION = {
    "nom": "Martin",
    "prenom": "Sophie",
    "date_naissance": "1980-04-02",
    "lieu_naissance": "Lyon",
    "adresse": "12 rue des Tilleuls, 69100 Villeurbanne",
    "profession": "Infirmière",
    "lien_parties": "Voisine, sans lien de parenté",
    "faits": "J'ai entendu de la musique forte le 21 novembre 2026 vers 23 h 15.",
    "fait_a": "Villeurbanne",
    "fait_le": "2026-11-25",
    "piece_identite": True,
    "mention_legale": True,
}


def push_one(device: FakeDevice, entity: str, fields: dict[str, Any], record: str | None = None):
    """Push one upsert; returns (record id, the push's result)."""
    record = record or new_id()
    body = device.push(device.mutation(record, fields, entity=entity)).get_json()
    return record, body["results"][0]


def create(device: FakeDevice, entity: str, fields: dict[str, Any]) -> str:
    """A record that must be applied; returns its id."""
    record, result = push_one(device, entity, fields)
    assert result["status"] == "applied", result
    return record


def dossier_with_records(device: FakeDevice) -> dict[str, str]:
    """A dossier in R1 with one fait, entretien, démarche and attestation: entity -> id."""
    dossier = create(device, "dossier_trouble", DOSSIER)
    return {
        "dossier_trouble": dossier,
        "fait": create(device, "fait", FAIT | {"dossier_id": dossier}),
        "entretien": create(device, "entretien", ENTRETIEN | {"dossier_id": dossier}),
        "demarche": create(device, "demarche", DEMARCHE | {"dossier_id": dossier}),
        "attestation_temoin": create(
            device, "attestation_temoin", ATTESTATION | {"dossier_id": dossier}
        ),
    }

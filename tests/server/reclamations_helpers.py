"""Records of the réclamations and permanences families for server tests."""

from __future__ import annotations

from typing import Any

from server.referentiel_io import stable_id
from tests.server.conftest import LOGEMENT_R1, R1
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.troubles_helpers import create, push_one

BATIMENT_R1 = stable_id("batiment", "R1-A")
BATIMENT_R3 = stable_id("batiment", "R3-A")
FUITE = {
    "logement_id": LOGEMENT_R1,
    "categorie": "plomberie",
    "urgence": "U1",
    "signalee_le": "2026-11-20T10:00:00+01:00",
    "description": "Fuite d'eau sous l'évier, l'eau coule dans le placard.",
}
# reported on the Monday before the 11 November (Armistice, a Wednesday)
ECLAIRAGE = {
    "batiment_id": BATIMENT_R1,
    "cage": "B",
    "etage": 2,
    "partie_commune": "palier",
    "categorie": "eclairage",
    "urgence": "U3",
    "signalee_le": "2026-11-09T15:00:00+01:00",
    "description": "Plus de lumière sur le palier du 2e étage.",
}
PERMANENCE = {
    "residence_id": R1,
    "site": "Loge du gardien, bâtiment A",
    "debut": "2026-11-24T14:00:00+01:00",
    "fin": "2026-11-24T17:00:00+01:00",
    "agents": "Joseph Moreau, Claire Fontaine",
    "chantier": True,
}
CONTACT = {
    "heure": "2026-11-24T14:20:00+01:00",
    "logement_id": LOGEMENT_R1,
    "anonyme": False,
    "categorie": "chantier",
    "demande": "Les ouvriers ont laissé des gravats devant la porte.",
    "reponse": "Signalé au conducteur de travaux.",
    "suite": "aucune",
    "acces_refuse": False,
    "degats_entreprise": "Porte palière rayée.",
}


def evenement(
    device: FakeDevice, reclamation: str, statut: str, le: str = "2026-11-25T09:00:00+01:00"
) -> tuple[str, dict[str, Any]]:
    """Push one évènement of a réclamation; returns (its id, the push's result)."""
    fields = {"reclamation_id": reclamation, "statut": statut, "le": le}
    return push_one(device, "reclamation_evenement", fields)


def pulled(device: FakeDevice, entity: str) -> dict[str, dict[str, Any]]:
    """The live records of an entity in the device's snapshot: id -> fields."""
    changes, _cursor = device.pull_all()
    return {c["record"]: c["fields"] for c in changes if c["entity"] == entity}


def refusal(result: dict[str, Any]) -> tuple[str, str, str]:
    """A refused result's status, code and message."""
    return result["status"], result["code"], result["message"]


__all__ = ["create", "new_id", "push_one"]

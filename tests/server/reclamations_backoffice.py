"""Réclamations and permanences pushed by field devices, for the back-office tests (this module
holds no test of its own)."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from typing import Any

from server.referentiel_io import stable_id
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id

BATIMENT_R1 = stable_id("batiment", "R1-A")
LOCATAIRE_L1 = stable_id("locataire", "L1")


def applied(device: FakeDevice, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    """Push mutations that must all be applied; their results."""
    response = device.push(*mutations)
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(results), results
    return results


def reclamation(
    device: FakeDevice,
    urgence: str,
    signalee_le: str,
    categorie: str = "plomberie",
    **fields: Any,
) -> str:
    """A réclamation of logement 101 (or of the fields' place) pushed by the device; its id."""
    record = new_id()
    place = {} if "batiment_id" in fields else {"logement_id": LOGEMENT_R1}
    values = {
        "categorie": categorie,
        "urgence": urgence,
        "signalee_le": signalee_le,
        "description": "Fuite sous l'évier de la cuisine",
        **place,
        **fields,
    }
    applied(device, device.mutation(record, values, entity="reclamation"))
    return record


def common_part(device: FakeDevice, urgence: str, signalee_le: str, **fields: Any) -> str:
    """A réclamation of the hall of Bâtiment A, cage B, 2nd floor; its id."""
    place = {"batiment_id": BATIMENT_R1, "cage": "B", "etage": 2, "partie_commune": "hall"}
    return reclamation(device, urgence, signalee_le, "eclairage", **place, **fields)


def step(
    device: FakeDevice, reclamation_id: str, statut: str, le: str, commentaire: str = ""
) -> str:
    """An évènement moving the réclamation to `statut`; its id."""
    record = new_id()
    fields = {"reclamation_id": reclamation_id, "statut": statut, "le": le}
    if commentaire:
        fields["commentaire"] = commentaire
    applied(device, device.mutation(record, fields, entity="reclamation_evenement"))
    return record


def steps(device: FakeDevice, reclamation_id: str, *moves: tuple[str, str]) -> None:
    """Several évènements in a row: (statut, le)."""
    for statut, le in moves:
        step(device, reclamation_id, statut, le)


def text_of(html: str) -> str:
    """The page's visible text, tags dropped and whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def paris(iso: str) -> datetime:
    """A fixed clock reading."""
    return datetime.fromisoformat(iso)

"""Free text is checked against the CNIL's rule: suspect words are flagged for review."""

from __future__ import annotations

from flask import Flask

from server.cnil import suspect_terms
from server.extensions import db
from server.models import Visite
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id


def test_suspect_terms_ignore_case_accents_and_plurals() -> None:
    assert suspect_terms(["Le locataire est ALCOOLIQUE", None, "deux Dealers dans le hall"]) == [
        "alcoolique",
        "dealer",
    ]
    assert suspect_terms(["Dépression signalée", "Joint de baignoire à refaire"]) == ["dépression"]
    assert suspect_terms(["Le fourneau fuit", "alcôve humide"]) == []
    assert suspect_terms(["Casiers judiciaires évoqués"]) == ["casier judiciaire"]


def test_pushed_visite_is_flagged_and_unflagged(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    record = new_id()
    device.push(
        device.mutation(
            record,
            {
                "logement_id": LOGEMENT_R1,
                "type": "technique",
                "observations": "Voisin malade, odeur d'alcool dans la cage",
            },
        )
    )
    with app.app_context():
        assert db.session.get(Visite, record).flags == ["alcool", "malade"]
    device.push(device.mutation(record, {"observations": "Odeur persistante dans la cage"}, base=1))
    with app.app_context():
        assert db.session.get(Visite, record).flags == []

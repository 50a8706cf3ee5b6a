"""The troubles family through the real push and pull (server/families/troubles*.py)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from sync.attestation import canonical_attestation_text
from sync.canonical import content_hash
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R3
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.troubles_helpers import (
    ATTESTATION,
    DEMARCHE,
    DOSSIER,
    ENTRETIEN,
    FAIT,
    create,
    dossier_with_records,
    push_one,
)


def pulled(device: FakeDevice, entity: str) -> dict[str, dict[str, Any]]:
    """The live records of an entity in the device's snapshot: id -> fields."""
    changes, _cursor = device.pull_all()
    return {c["record"]: c["fields"] for c in changes if c["entity"] == entity}


def refusal(result: dict[str, Any]) -> tuple[str, str, str]:
    return result["status"], result["code"], result["message"]


def test_a_dossier_and_its_records_sync_with_cnil_flags(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    ids = dossier_with_records(claire)
    flagged = create(
        claire,
        "fait",
        FAIT | {"description": "Le voisin est alcoolique et crie la nuit."},
    )
    dossier = pulled(claire, "dossier_trouble")[ids["dossier_trouble"]]
    assert (dossier["nature"], dossier["etat"], dossier["cloture"]) == (
        ["bruit", "menaces"],
        "ouvert",
        None,
    )
    faits = pulled(claire, "fait")
    assert faits[ids["fait"]]["dossier_id"] == ids["dossier_trouble"]
    assert faits[flagged]["dossier_id"] is None
    entretien = pulled(claire, "entretien")[ids["entretien"]]
    assert entretien["engagements"] == [
        {"texte": "Tenir un relevé des nuisances", "echeance": "2026-12-15"}
    ]
    from server.extensions import db
    from server.models import DossierTrouble, Fait

    with client.application.app_context():
        assert db.session.get(Fait, flagged).flags == ["alcoolique"]
        assert db.session.get(Fait, ids["fait"]).flags == []
        assert db.session.get(DossierTrouble, ids["dossier_trouble"]).residence_id is not None


@pytest.mark.parametrize(
    ("entity", "fields", "expected"),
    [
        (
            "entretien",
            {k: v for k, v in ENTRETIEN.items() if k != "information_donnee"},
            "information_non_donnee",
        ),
        ("entretien", ENTRETIEN | {"information_donnee": False}, "information_non_donnee"),
        ("attestation_temoin", ATTESTATION | {"mention_legale": False}, "mention_legale_absente"),
        ("demarche", DEMARCHE | {"type": "cloture"}, "validation_error"),
        ("demarche", DEMARCHE | {"issue": "resolu"}, "validation_error"),
    ],
)
def test_the_family_rules_refuse_with_a_french_message(
    client: FlaskClient, login_device, entity: str, fields: dict, expected: str
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    _record, result = push_one(claire, entity, fields | {"dossier_id": dossier})
    messages = {
        "information_non_donnee": "La notice d'information sur les données personnelles doit "
        "être remise à la personne entendue : cochez « Notice d'information remise ».",
        "mention_legale_absente": "Le témoin doit être informé que l'attestation est destinée à "
        "la justice et qu'une fausse attestation l'expose à des sanctions pénales (art. 441-7 "
        "du Code pénal) : cochez la mention légale.",
    }
    assert result["status"] == "rejected"
    assert result["code"] == expected
    if expected in messages:
        assert result["message"] == messages[expected]


def test_a_dossier_needs_a_nature_and_a_fait_cannot_end_before_it_began(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    _record, result = push_one(claire, "dossier_trouble", DOSSIER | {"nature": []})
    assert result["errors"] == {"nature": ["Choisissez au moins une nature de trouble."]}
    _record, result = push_one(claire, "fait", FAIT | {"fin_le": "2026-11-21T22:00:00+01:00"})
    assert refusal(result) == (
        "rejected",
        "validation_error",
        "La fin du fait ne peut pas précéder son début.",
    )


def test_a_demarche_is_append_only_and_a_cloture_closes_the_dossier(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    rappel = create(claire, "demarche", DEMARCHE | {"dossier_id": dossier})
    changed = claire.push(
        claire.mutation(rappel, {"details": "Autre texte"}, base=1, entity="demarche")
    ).get_json()["results"][0]
    assert (changed["status"], changed["code"]) == ("rejected", "record_frozen")
    assert pulled(claire, "dossier_trouble")[dossier]["etat"] == "ouvert"
    create(
        claire,
        "demarche",
        DEMARCHE | {"dossier_id": dossier, "type": "cloture", "issue": "resolu"},
    )
    closed = pulled(claire, "dossier_trouble")[dossier]
    assert (closed["etat"], closed["cloture"]) == ("clos", "resolu")


def test_a_transmission_to_contentieux_closes_the_dossier(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    create(claire, "demarche", DEMARCHE | {"dossier_id": dossier, "type": "contentieux"})
    closed = pulled(claire, "dossier_trouble")[dossier]
    assert (closed["etat"], closed["cloture"]) == ("clos", "contentieux")


@pytest.mark.parametrize("writer", ["gardien", "gestionnaire2", "gestionnaire"])
def test_a_fait_names_only_a_dossier_its_writer_may_read(
    client: FlaskClient, login_device, writer: str
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    device = claire if writer == "gestionnaire" else FakeDevice(client, login_device(writer))
    unknown = new_id() if writer == "gestionnaire" else dossier
    # gestionnaire2 (secteur Sud) reports in its own résidence, naming claire's dossier in R1
    logement = LOGEMENT_R3 if writer == "gestionnaire2" else LOGEMENT_R1
    fields = FAIT | {"dossier_id": unknown, "logement_id": logement}
    _record, result = push_one(device, "fait", fields)
    assert refusal(result) == ("rejected", "unknown_reference", "Dossier de troubles inconnu.")


def test_a_gardien_reports_a_fait_but_no_dossier(client: FlaskClient, login_device) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    create(gardien, "fait", FAIT)
    _record, result = push_one(gardien, "dossier_trouble", DOSSIER)
    assert refusal(result) == (
        "rejected",
        "forbidden",
        "Votre rôle ne permet pas de saisir un dossier de troubles.",
    )


def _signature(attestation: str, digest: str) -> dict[str, Any]:
    return {
        "owner_entity": "attestation_temoin",
        "owner_record": attestation,
        "role": "temoin",
        "nom": "Sophie Martin",
        "image_sha256": "e" * 64,
        "content_hash": digest,
        "signed_at": "2026-11-25T10:00:00+01:00",
    }


def test_the_witness_signs_the_attestation_which_is_then_frozen(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    attestation = create(claire, "attestation_temoin", ATTESTATION | {"dossier_id": dossier})
    fields = ATTESTATION | {"dossier_id": dossier}
    text = canonical_attestation_text({"record": attestation, "fields": fields}, [])
    assert text.startswith('{"attestation":{"fields":{"adresse":"12 rue des Tilleuls')
    assert text.endswith(f'"id":"{attestation}"}},"photos":[]}}')
    _record, wrong = push_one(claire, "signature", _signature(attestation, "0" * 64))
    assert (wrong["status"], wrong["code"]) == ("rejected", "empreinte_invalide")
    assert pulled(claire, "attestation_temoin")[attestation]["statut"] == "brouillon"
    create(claire, "signature", _signature(attestation, content_hash(text)))
    signed = pulled(claire, "attestation_temoin")[attestation]
    assert (signed["statut"], signed["content_hash"]) == ("signe", content_hash(text))
    changed = claire.push(
        claire.mutation(attestation, {"faits": "Autre"}, base=2, entity="attestation_temoin")
    ).get_json()["results"][0]
    assert refusal(changed) == (
        "rejected",
        "document_signe",
        "Cette attestation est signée : elle ne peut plus être modifiée. "
        "Pour la corriger, faites établir une nouvelle attestation.",
    )

"""The permanences family through the real push and pull (server/families/reclamations.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask.testing import FlaskClient

from server.extensions import db
from server.models import ContactPermanence, Permanence
from server.retention import erase_expired
from tests.server.conftest import R1, R3
from tests.server.reclamations_helpers import (
    CONTACT,
    FUITE,
    PERMANENCE,
    create,
    new_id,
    pulled,
    push_one,
    refusal,
)
from tests.server.sync_helpers import FakeDevice


def test_a_permanence_and_its_contacts_sync_in_the_residence(
    client: FlaskClient, login_device
) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    karim = FakeDevice(client, login_device("gestionnaire2"))
    permanence = create(joseph, "permanence", PERMANENCE)
    contact = create(joseph, "contact_permanence", CONTACT | {"permanence_id": permanence})
    claire = FakeDevice(client, login_device("gestionnaire"))
    held = pulled(claire, "permanence")[permanence]
    assert (held["residence_id"], held["site"], held["chantier"]) == (
        R1,
        "Loge du gardien, bâtiment A",
        True,
    )
    visitor = pulled(claire, "contact_permanence")[contact]
    assert (visitor["categorie"], visitor["degats_entreprise"], visitor["residence_id"]) == (
        "chantier",
        "Porte palière rayée.",
        R1,
    )
    assert pulled(karim, "permanence") == {}
    assert pulled(karim, "contact_permanence") == {}


def test_a_permanence_is_refused_with_a_french_message(client: FlaskClient, login_device) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    _record, early = push_one(
        joseph, "permanence", PERMANENCE | {"fin": "2026-11-24T13:00:00+01:00"}
    )
    assert refusal(early) == (
        "rejected",
        "validation_error",
        "La fin de la permanence ne peut pas précéder son début.",
    )
    _record, outside = push_one(joseph, "permanence", PERMANENCE | {"residence_id": R3})
    assert refusal(outside) == (
        "rejected",
        "forbidden",
        "Cette résidence n'est pas dans votre périmètre.",
    )
    _record, unknown = push_one(joseph, "permanence", PERMANENCE | {"residence_id": new_id()})
    assert (unknown["code"], unknown["errors"]) == (
        "unknown_reference",
        {"residence_id": ["Résidence inconnue."]},
    )
    _record, no_site = push_one(
        joseph, "permanence", {"residence_id": R1, "debut": PERMANENCE["debut"]}
    )
    assert no_site["errors"] == {"site": ["Ce champ est obligatoire."]}
    open_ended = create(joseph, "permanence", PERMANENCE | {"fin": None})
    closed = joseph.push(
        joseph.mutation(
            open_ended, {"fin": "2026-11-24T12:00:00+01:00"}, base=1, entity="permanence"
        )
    ).get_json()["results"][0]
    assert closed["code"] == "validation_error"


def test_a_contact_is_append_only_and_needs_its_request(client: FlaskClient, login_device) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    permanence = create(joseph, "permanence", PERMANENCE)
    contact = create(joseph, "contact_permanence", CONTACT | {"permanence_id": permanence})
    edited = joseph.push(
        joseph.mutation(contact, {"reponse": "Autre réponse"}, base=1, entity="contact_permanence")
    ).get_json()["results"][0]
    assert (edited["status"], edited["code"]) == ("rejected", "record_frozen")
    deleted = joseph.push(
        joseph.mutation(contact, base=1, entity="contact_permanence", op="delete")
    ).get_json()["results"][0]
    assert (deleted["status"], deleted["code"]) == ("rejected", "record_frozen")
    missing = {k: v for k, v in CONTACT.items() if k != "demande"}
    _record, result = push_one(
        joseph, "contact_permanence", missing | {"permanence_id": permanence}
    )
    assert result["errors"] == {"demande": ["Ce champ est obligatoire."]}
    _record, stray = push_one(joseph, "contact_permanence", CONTACT | {"permanence_id": new_id()})
    assert (stray["code"], stray["message"]) == ("unknown_reference", "Permanence inconnue.")


def test_a_contact_turned_into_a_reclamation(client: FlaskClient, login_device) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    permanence = create(joseph, "permanence", PERMANENCE)
    contact, reclamation = new_id(), new_id()
    demande = "Le radiateur de la chambre ne chauffe plus."
    body = joseph.push(
        joseph.mutation(
            reclamation,
            FUITE
            | {
                "categorie": "chauffage",
                "urgence": "U2",
                "description": demande,
                "origine": "permanence",
                "contact_id": contact,
            },
            entity="reclamation",
        ),
        joseph.mutation(
            contact,
            CONTACT
            | {
                "permanence_id": permanence,
                "categorie": "technique",
                "demande": demande,
                "suite": "reclamation",
                "suite_id": reclamation,
            },
            entity="contact_permanence",
        ),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    stored = pulled(joseph, "reclamation")[reclamation]
    assert (stored["origine"], stored["contact_id"], stored["echeance"]) == (
        "permanence",
        contact,
        "2026-11-21T10:00:00+01:00",
    )
    assert pulled(joseph, "contact_permanence")[contact]["suite_id"] == reclamation


def test_contacts_are_kept_two_years_and_their_free_text_is_checked(
    client: FlaskClient, login_device
) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    permanence = create(joseph, "permanence", PERMANENCE)
    contact = create(
        joseph,
        "contact_permanence",
        CONTACT | {"permanence_id": permanence, "demande": "Voisin drogué qui crie la nuit."},
    )
    with client.application.app_context():
        assert db.session.get(ContactPermanence, contact).flags == ["drogué"]
        # two years after the contact's hour (2026-11-24), not after its last change
        assert erase_expired(datetime(2028, 11, 22, 12, tzinfo=UTC))["contact_permanence"] == 0
        assert erase_expired(datetime(2028, 11, 23, 12, tzinfo=UTC))["contact_permanence"] == 1
        db.session.commit()
        assert db.session.get(ContactPermanence, contact) is None
        assert db.session.get(Permanence, permanence) is not None

"""The réclamations family through the real push and pull (server/families/reclamations*.py)."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from server.models import Reclamation
from tests.server.conftest import LOGEMENT_R3, R1
from tests.server.reclamations_helpers import (
    BATIMENT_R1,
    BATIMENT_R3,
    ECLAIRAGE,
    FUITE,
    create,
    evenement,
    new_id,
    pulled,
    push_one,
    refusal,
)
from tests.server.sync_helpers import FakeDevice

LIEU_INCONNU = (
    "Logement ou bâtiment inconnu : indiquez le logement, ou le bâtiment pour une partie commune."
)


def test_the_server_sets_statut_origine_and_deadline(client: FlaskClient, login_device) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    fuite, result = push_one(joseph, "reclamation", FUITE)
    assert (result["status"], result["version"]) == ("applied", 1)
    eclairage = create(joseph, "reclamation", ECLAIRAGE)
    records = pulled(joseph, "reclamation")
    leak, light = records[fuite], records[eclairage]
    assert (leak["statut"], leak["origine"], leak["residence_id"]) == ("saisie", "ronde", R1)
    assert leak["echeance"] == "2026-11-20T14:00:00+01:00"  # U1: 4 hours
    # U3: five working days, the 11 November (a Wednesday) not counted
    assert light["echeance"] == "2026-11-17T15:00:00+01:00"
    assert (light["logement_id"], light["batiment_id"], light["residence_id"]) == (
        None,
        BATIMENT_R1,
        R1,
    )
    with client.application.app_context():
        assert db.session.get(Reclamation, fuite).version == 2  # the server's fields: a version


def test_the_deadline_follows_urgence_and_signalee_le(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    # a Saturday, the day before the clocks go back
    record = create(
        claire, "reclamation", FUITE | {"urgence": "U3", "signalee_le": "2026-10-24T12:00:00+02:00"}
    )
    assert pulled(claire, "reclamation")[record]["echeance"] == "2026-10-30T12:00:00+01:00"
    claire.push(claire.mutation(record, {"urgence": "U2"}, base=2, entity="reclamation"))
    # 24 elapsed hours: 11:00 on the clock once it went back
    assert pulled(claire, "reclamation")[record]["echeance"] == "2026-10-25T11:00:00+01:00"
    moved = {"signalee_le": "2026-11-27T08:00:00+01:00"}
    claire.push(claire.mutation(record, moved, base=4, entity="reclamation"))
    assert pulled(claire, "reclamation")[record]["echeance"] == "2026-11-28T08:00:00+01:00"
    claire.push(
        claire.mutation(record, {"entreprise": "Plomberie Rhône"}, base=6, entity="reclamation")
    )
    with client.application.app_context():
        stored = db.session.get(Reclamation, record)
        # each change of the deadline is a version of its own; the entreprise's is not one
        assert (stored.version, stored.echeance) == (7, "2026-11-28T08:00:00+01:00")


@pytest.mark.parametrize(
    ("fields", "code", "message", "errors"),
    [
        (
            {k: v for k, v in FUITE.items() if k != "logement_id"},
            "unknown_reference",
            LIEU_INCONNU,
            {"logement_id": [LIEU_INCONNU]},
        ),
        (
            FUITE | {"logement_id": new_id()},
            "unknown_reference",
            LIEU_INCONNU,
            {"logement_id": [LIEU_INCONNU]},
        ),
        (
            ECLAIRAGE | {"batiment_id": new_id()},
            "unknown_reference",
            LIEU_INCONNU,
            {"batiment_id": [LIEU_INCONNU]},
        ),
        (
            FUITE | {"batiment_id": BATIMENT_R1, "partie_commune": "hall"},
            "validation_error",
            "Indiquez soit le logement, soit le bâtiment (pour une partie commune), pas les deux.",
            None,
        ),
        (
            ECLAIRAGE | {"partie_commune": None},
            "validation_error",
            "Précisez la partie commune concernée (hall, escalier, cave…).",
            None,
        ),
        (
            FUITE | {"description": "   "},
            "validation_error",
            "Décrivez le problème en quelques mots.",
            None,
        ),
        (
            FUITE | {"categorie": "jardinage"},
            "validation_error",
            "Certains champs sont invalides.",
            {
                "categorie": [
                    "Valeur non autorisée (valeurs possibles : plomberie, electricite, "
                    "chauffage, serrurerie, ventilation_humidite, nuisibles, ascenseur, "
                    "eclairage, proprete_encombrants, securite_gaz_incendie, vandalisme_tags, "
                    "trouble_voisinage, administratif)."
                ]
            },
        ),
        (
            FUITE | {"urgence": "U4"},
            "validation_error",
            "Certains champs sont invalides.",
            {"urgence": ["Valeur non autorisée (valeurs possibles : U1, U2, U3)."]},
        ),
        (
            FUITE | {"statut": "cloturee"},
            "validation_error",
            "Certains champs sont invalides.",
            {"statut": ["Champ réservé au back-office."]},
        ),
        (
            FUITE | {"echeance": "2027-01-01T00:00:00+01:00"},
            "validation_error",
            "Certains champs sont invalides.",
            {"echeance": ["Champ réservé au back-office."]},
        ),
        (
            {k: v for k, v in FUITE.items() if k != "description"},
            "validation_error",
            "Certains champs sont invalides.",
            {"description": ["Ce champ est obligatoire."]},
        ),
    ],
)
def test_a_reclamation_is_refused_with_a_french_message(
    client: FlaskClient, login_device, fields: dict, code: str, message: str, errors: dict | None
) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    _record, result = push_one(joseph, "reclamation", fields)
    assert refusal(result) == ("rejected", code, message)
    assert result.get("errors") == errors


def test_a_gardien_reports_only_in_its_residences(client: FlaskClient, login_device) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    for fields in (FUITE | {"logement_id": LOGEMENT_R3}, ECLAIRAGE | {"batiment_id": BATIMENT_R3}):
        _record, result = push_one(joseph, "reclamation", fields)
        assert refusal(result) == (
            "rejected",
            "forbidden",
            "Cette résidence n'est pas dans votre périmètre.",
        )


def test_the_statut_follows_the_evenements(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    record = create(claire, "reclamation", FUITE)
    _id, refused = evenement(claire, record, "realisee")
    assert refusal(refused) == (
        "rejected",
        "transition_interdite",
        "Passage de « Saisie » à « Réalisée » impossible : étapes possibles : Qualifiée, "
        "En attente, Rejetée, Transférée.",
    )
    steps = ["qualifiee", "affectee", "planifiee", "en_cours", "realisee", "controlee"]
    for statut in [*steps, "cloturee"]:
        _id, result = evenement(claire, record, statut)
        assert result["status"] == "applied", result
    assert pulled(claire, "reclamation")[record]["statut"] == "cloturee"
    _id, refused = evenement(claire, record, "en_cours")
    assert refusal(refused) == (
        "rejected",
        "transition_interdite",
        "Passage de « Clôturée » à « En cours » impossible : étapes possibles : Réouverte.",
    )
    _id, reopened = evenement(claire, record, "reouverte")
    assert reopened["status"] == "applied"
    history = sorted(pulled(claire, "reclamation_evenement").values(), key=lambda f: f["statut"])
    assert len(history) == 8
    with client.application.app_context():
        stored = db.session.get(Reclamation, record)
        # created (1), server fields (2), then one version per accepted évènement
        assert (stored.statut, stored.version) == ("reouverte", 10)


def test_an_evenement_is_append_only(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    record = create(claire, "reclamation", FUITE)
    qualifiee, _result = evenement(claire, record, "qualifiee")
    edited = claire.push(
        claire.mutation(
            qualifiee, {"commentaire": "Autre texte"}, base=1, entity="reclamation_evenement"
        )
    ).get_json()["results"][0]
    assert (edited["status"], edited["code"]) == ("rejected", "record_frozen")
    deleted = claire.push(
        claire.mutation(qualifiee, base=1, entity="reclamation_evenement", op="delete")
    ).get_json()["results"][0]
    assert (deleted["status"], deleted["code"]) == ("rejected", "record_frozen")
    evenement(claire, record, "affectee")
    # the first évènement sent again (a retry with a new seq) changes nothing
    same = {"reclamation_id": record, "statut": "qualifiee", "le": "2026-11-25T09:00:00+01:00"}
    again = claire.push(
        claire.mutation(qualifiee, same, base=1, entity="reclamation_evenement")
    ).get_json()["results"][0]
    assert (again["status"], again["version"]) == ("applied", 1)
    assert pulled(claire, "reclamation")[record]["statut"] == "affectee"


def test_a_gardien_sets_only_its_own_statuts(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    joseph = FakeDevice(client, login_device("gardien"))
    record = create(joseph, "reclamation", FUITE)
    _id, refused = evenement(joseph, record, "qualifiee")
    # the gardien's schema offers only its statuts (as published in its rules)
    assert refusal(refused) == ("rejected", "validation_error", "Certains champs sont invalides.")
    assert refused["errors"] == {
        "statut": [
            "Valeur non autorisée (valeurs possibles : en_cours, realisee, controlee, reouverte)."
        ]
    }
    evenement(claire, record, "qualifiee")
    evenement(claire, record, "affectee")
    _id, fixed = evenement(joseph, record, "en_cours")
    assert fixed["status"] == "applied"
    _id, done = evenement(joseph, record, "realisee")
    assert done["status"] == "applied"
    rules = client.get("/api/v1/rules", headers=joseph.headers).get_json()
    assert rules["entities"]["reclamation_evenement"]["fields"]["statut"]["enum"] == [
        "en_cours",
        "realisee",
        "controlee",
        "reouverte",
    ]
    assert rules["entities"]["reclamation"]["required_on_create"] == [
        "categorie",
        "urgence",
        "signalee_le",
        "description",
    ]


def test_a_gardien_pulls_the_reclamations_of_its_residence_and_sees_them_move(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    karim = FakeDevice(client, login_device("gestionnaire2"))
    joseph = FakeDevice(client, login_device("gardien"))
    mine = create(joseph, "reclamation", FUITE)
    theirs = create(claire, "reclamation", ECLAIRAGE)
    elsewhere = create(karim, "reclamation", FUITE | {"logement_id": LOGEMENT_R3})
    snapshot, cursor = joseph.pull_all()
    assert {c["record"] for c in snapshot if c["entity"] == "reclamation"} == {mine, theirs}
    qualifiee, _result = evenement(claire, mine, "qualifiee")
    evenement(karim, elsewhere, "qualifiee")
    changes, _cursor = joseph.pull_all(cursor)
    assert [(c["entity"], c["record"]) for c in changes] == [
        ("reclamation", mine),
        ("reclamation_evenement", qualifiee),
    ]
    assert changes[0]["fields"]["statut"] == "qualifiee"
    assert changes[1]["fields"]["statut"] == "qualifiee"


def test_a_reclamation_and_its_first_evenement_in_one_push(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    record, step = new_id(), new_id()
    fields = {"reclamation_id": record, "statut": "qualifiee", "le": "2026-11-20T10:05:00+01:00"}
    body = claire.push(
        claire.mutation(record, FUITE, entity="reclamation"),
        claire.mutation(step, fields, entity="reclamation_evenement"),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    stored = pulled(claire, "reclamation")[record]
    assert (stored["statut"], stored["echeance"]) == ("qualifiee", "2026-11-20T14:00:00+01:00")


def test_conflicting_evenements_from_the_same_statut(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette"))
    sylvie = FakeDevice(client, login_device("backoffice", "Poste"))
    record = create(claire, "reclamation", FUITE)
    # both saw the réclamation "Saisie" while offline; Claire's reaches the server first
    _id, first = evenement(claire, record, "rejetee")
    _id, second = evenement(sylvie, record, "qualifiee")
    assert first["status"] == "applied"
    assert refusal(second) == (
        "rejected",
        "transition_interdite",
        "Passage de « Rejetée » à « Qualifiée » impossible : étapes possibles : Réouverte.",
    )
    assert pulled(claire, "reclamation")[record]["statut"] == "rejetee"


def test_photos_and_cnil_flags(client: FlaskClient, login_device) -> None:
    joseph = FakeDevice(client, login_device("gardien"))
    record = create(
        joseph, "reclamation", FUITE | {"description": "Le locataire est ivre, fuite au plafond."}
    )
    photo = {"sha256": "a" * 64, "owner_entity": "reclamation", "owner_record": record}
    _photo, result = push_one(joseph, "photo", photo)
    assert result["status"] == "applied"
    with client.application.app_context():
        assert db.session.get(Reclamation, record).flags == ["ivre"]


def test_two_devices_pushing_conflicting_evenements_at_once(
    app: Flask, client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette"))
    sylvie = FakeDevice(app.test_client(), login_device("backoffice", "Poste"))
    record = create(claire, "reclamation", FUITE)
    # from "Saisie" each is allowed, neither follows the other
    pushes = [(claire, "rejetee"), (sylvie, "transferee")]
    start = threading.Barrier(len(pushes))
    results: dict[str, dict] = {}

    def push(device: FakeDevice, statut: str) -> None:
        start.wait()
        results[statut] = evenement(device, record, statut)[1]

    threads = [threading.Thread(target=push, args=pair) for pair in pushes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    applied = [s for s, r in results.items() if r["status"] == "applied"]
    refused = [r for r in results.values() if r["status"] == "rejected"]
    assert len(applied) == 1 and [r["code"] for r in refused] == ["transition_interdite"]
    with app.app_context():
        stored = db.session.get(Reclamation, record)
        assert (stored.statut, stored.version) == (applied[0], 3)


def test_a_reclamation_moves_from_a_logement_to_a_common_part(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    record = create(claire, "reclamation", FUITE)
    both = claire.push(
        claire.mutation(record, {"batiment_id": BATIMENT_R1}, base=2, entity="reclamation")
    ).get_json()["results"][0]
    assert both["code"] == "validation_error"
    common = {"logement_id": None, "batiment_id": BATIMENT_R1, "partie_commune": "cave"}
    moved = claire.push(claire.mutation(record, common, base=2, entity="reclamation")).get_json()[
        "results"
    ][0]
    assert moved["status"] == "applied"
    stored = pulled(claire, "reclamation")[record]
    assert (stored["logement_id"], stored["batiment_id"], stored["residence_id"]) == (
        None,
        BATIMENT_R1,
        R1,
    )

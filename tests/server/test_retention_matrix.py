"""The retention matrix by family, with a fake clock: the day before the due day a record is
kept, on the due day it is erased with what belongs to it; what has no end yet is kept."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from server.extensions import db
from server.models import DecompteSortie, EdlElement, EtatDesLieux, Photo, Retenue
from server.models.reclamations import ContactPermanence, Permanence
from server.models.records import Visite
from server.models.troubles import Demarche, DossierTrouble, Entretien, Fait
from server.retention import erase_expired
from server.retention_rules import RetentionDue, due_records, retention_due
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R2, LOGEMENT_R3, R1, R2, R3
from tests.server.retention_helpers import (
    BAIL_B1,
    BAIL_B2,
    add,
    at,
    attached_fait,
    candidat_visite,
    closed_dossier,
    contact,
    edl_sortie,
    end_bail_b1,
    photo_of,
)

DECIDED_MS = int(at(2026, 11, 20).timestamp() * 1000)


def ids(model: type) -> list[str]:
    return list(db.session.scalars(select(model.id)))


def test_a_dossier_closed_amicably_goes_five_years_after_its_closing_with_what_belongs_to_it(
    app: Flask, agency: None
) -> None:
    with app.app_context():
        dossier = closed_dossier("resolu")
        fait = attached_fait(dossier)
        photo = photo_of("dossier_trouble", dossier)
        assert retention_due("dossier_trouble", db.session.get(DossierTrouble, dossier)) == (
            RetentionDue(
                date(2031, 3, 12),
                "Dossier clos à l'amiable le 12/03/2026 : supprimé 5 ans après la clôture",
                "PALIER_RETENTION_TROUBLES_DAYS",
            )
        )
        # the fait, the entretien and the photo answer with their dossier's
        assert retention_due("fait", db.session.get(Fait, fait)).due == date(2031, 3, 12)
        assert retention_due("photo", db.session.get(Photo, photo)).due == date(2031, 3, 12)

        kept = erase_expired(at(2031, 3, 11))
        assert (kept["dossier_trouble"], kept["fait"]) == (0, 0)
        removed = erase_expired(at(2031, 3, 12))
        db.session.commit()
        assert {k: v for k, v in removed.items() if v} == {
            "dossier_trouble": 1,
            "fait": 1,
            "entretien": 1,
            "demarche": 1,
            "photo": 1,
        }
        for model in (DossierTrouble, Fait, Entretien, Demarche, Photo):
            assert ids(model) == []


def test_a_dossier_sent_to_the_contentieux_or_still_open_is_kept(app: Flask, agency: None) -> None:
    with app.app_context():
        contentieux = closed_dossier("contentieux")
        ouvert = add(DossierTrouble, logement_id=LOGEMENT_R1, etat="ouvert")
        fait = attached_fait(ouvert)
        assert retention_due(
            "dossier_trouble", db.session.get(DossierTrouble, contentieux)
        ) == RetentionDue(
            None,
            "Transmis au contentieux : conservé jusqu'à la fin de la procédure",
            "PALIER_RETENTION_TROUBLES_DAYS",
        )
        assert retention_due("fait", db.session.get(Fait, fait)).reason == (
            "Dossier en cours : conservé jusqu'à 5 ans après sa clôture"
        )
        assert due_records(at(2060, 1, 1)) == []
        erase_expired(at(2060, 1, 1))
        db.session.commit()
        assert sorted(ids(DossierTrouble)) == sorted([contentieux, ouvert])
        assert ids(Fait) == [fait]


def test_a_fait_without_dossier_goes_five_years_after_it_happened(app: Flask, agency: None) -> None:
    with app.app_context():
        fait = add(Fait, logement_id=LOGEMENT_R1, survenu_le="2026-01-05T23:30:00+01:00")
        assert retention_due("fait", db.session.get(Fait, fait)).reason == (
            "Fait survenu le 05/01/2026, hors dossier : supprimé 5 ans après"
        )
        assert erase_expired(at(2031, 1, 4))["fait"] == 0
        assert erase_expired(at(2031, 1, 5))["fait"] == 1


def test_an_edl_and_its_decompte_go_three_years_after_the_end_of_the_lease(
    app: Flask, agency: None
) -> None:
    with app.app_context():
        end_bail_b1(date(2027, 6, 30))
        ended = edl_sortie(BAIL_B1, LOGEMENT_R1, R1, "2027-06-30T10:00:00+02:00")
        running = edl_sortie(BAIL_B2, LOGEMENT_R3, R3, "2026-05-02T10:00:00+02:00")
        no_bail = edl_sortie(None, LOGEMENT_R2, R2, "2026-02-01T10:00:00+01:00")
        due = {
            i: retention_due("etat_des_lieux", db.session.get(EtatDesLieux, i))
            for i in (ended, running, no_bail)
        }
        assert (due[ended].due, due[ended].reason) == (
            date(2030, 6, 30),
            "Fin du bail le 30/06/2027 : supprimé 3 ans après",
        )
        assert (due[running].due, due[running].reason) == (
            None,
            "Bail en cours : conservé jusqu'à 3 ans après la fin du bail",
        )
        assert (due[no_bail].due, due[no_bail].reason) == (
            date(2029, 2, 1),
            "État des lieux du 01/02/2026 sans bail connu : supprimé 3 ans après",
        )

        assert erase_expired(at(2029, 1, 31))["etat_des_lieux"] == 0
        assert erase_expired(at(2029, 2, 1))["etat_des_lieux"] == 1
        assert erase_expired(at(2030, 6, 29))["etat_des_lieux"] == 0
        removed = erase_expired(at(2030, 6, 30))
        db.session.commit()
        assert (removed["etat_des_lieux"], removed["edl_element"], removed["decompte_sortie"]) == (
            1,
            1,
            1,
        )
        assert ids(EtatDesLieux) == [running]
        assert len(ids(EdlElement)) == 1
        assert list(db.session.scalars(select(DecompteSortie.edl_id))) == [running]
        assert len(ids(Retenue)) == 1


def test_a_candidats_visit_goes_when_the_application_ends(app: Flask, agency: None) -> None:
    with app.app_context():
        decided = candidat_visite("refuse", DECIDED_MS)
        pending = candidat_visite(None)
        technique = add(Visite, logement_id=LOGEMENT_R1, type="technique")
        reasons = {
            i: retention_due("visite", db.session.get(Visite, i))
            for i in (decided, pending, technique)
        }
        assert reasons[decided] == RetentionDue(
            date(2026, 11, 20),
            "Candidature refusée le 20/11/2026 : supprimée dès la décision",
            "PALIER_RETENTION_CANDIDAT_DAYS",
        )
        assert reasons[pending] == RetentionDue(
            None, "Candidature en cours : supprimée dès la décision", reasons[decided].rule
        )
        assert reasons[technique].due is None
        assert erase_expired(at(2026, 11, 19))["visite"] == 0
        assert erase_expired(at(2026, 11, 20))["visite"] == 1
        db.session.commit()
        assert sorted(ids(Visite)) == sorted([pending, technique])


def test_a_permanence_contact_goes_two_years_after_it_was_taken(app: Flask, agency: None) -> None:
    with app.app_context():
        permanence, taken = contact("2026-11-24T14:20:00+01:00")
        assert retention_due(
            "contact_permanence", db.session.get(ContactPermanence, taken)
        ) == RetentionDue(
            date(2028, 11, 23),
            "Contact du 24/11/2026 : supprimé 2 ans après",
            "PALIER_RETENTION_CONTACTS_DAYS",
        )
        assert erase_expired(at(2028, 11, 22))["contact_permanence"] == 0
        assert erase_expired(at(2028, 11, 23))["contact_permanence"] == 1
        db.session.commit()
        assert ids(ContactPermanence) == []
        assert ids(Permanence) == [permanence]


def test_the_periods_are_configuration(app: Flask, agency: None, monkeypatch) -> None:
    monkeypatch.setitem(
        app.config, "PALIER_RETENTION_SETTINGS", {"PALIER_RETENTION_CONTACTS_DAYS": 30}
    )
    monkeypatch.setitem(app.config, "PALIER_RETENTION_DAYS", {"fait": 10})
    with app.app_context():
        _permanence, taken = contact("2026-11-24T14:20:00+01:00")
        fait = add(Fait, logement_id=LOGEMENT_R1, survenu_le="2026-01-05T23:30:00+01:00")
        assert (
            retention_due("contact_permanence", db.session.get(ContactPermanence, taken)).reason
            == "Contact du 24/11/2026 : supprimé 30 jours après"
        )
        # PALIER_RETENTION_DAYS_<ENTITY> still overrides an entity's period
        assert retention_due("fait", db.session.get(Fait, fait)) == RetentionDue(
            date(2026, 1, 15),
            "Fait survenu le 05/01/2026, hors dossier : supprimé 10 jours après",
            "PALIER_RETENTION_DAYS_FAIT",
        )

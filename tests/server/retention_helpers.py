"""Records of every family written straight to the database with known dates, and a fake clock,
for the retention tests (this module holds no test of its own)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from server.extensions import db
from server.models import Bail, DecompteSortie, EdlElement, EtatDesLieux, Photo, Retenue
from server.models.reclamations import ContactPermanence, Permanence
from server.models.records import Visite
from server.models.troubles import Demarche, DossierTrouble, Entretien, Fait
from server.referentiel_io import stable_id
from tests.server.conftest import LOGEMENT_R1, R1
from tests.server.sync_helpers import new_id

BAIL_B1 = stable_id("bail", "B1")  # logement R1-A-101, no end: set one in a test
BAIL_B2 = stable_id("bail", "B2")  # logement R3-A-501, running


def at(year: int, month: int, day: int) -> datetime:
    """Noon UTC that day (the same day in Paris): the fake clock of the purge."""
    return datetime(year, month, day, 12, tzinfo=UTC)


def add(model: Any, residence_id: str | None = R1, **fields: Any) -> str:
    """Store one record and return its id."""
    record = model(id=new_id(), residence_id=residence_id, **fields)
    db.session.add(record)
    db.session.commit()
    return record.id


def closed_dossier(cloture: str, closed_on: str = "2026-03-12T10:00:00+01:00") -> str:
    """A dossier closed by a démarche of that kind on that day, with an entretien."""
    dossier = add(DossierTrouble, logement_id=LOGEMENT_R1, etat="clos", cloture=cloture)
    kind = "contentieux" if cloture == "contentieux" else "cloture"
    add(Demarche, dossier_id=dossier, type=kind, date=closed_on, issue=cloture)
    add(Entretien, dossier_id=dossier, role="plaignant", date="2026-02-01T10:00:00+01:00")
    return dossier


def attached_fait(dossier: str) -> str:
    """A fait of the dossier, long before its closing."""
    return add(
        Fait, logement_id=LOGEMENT_R1, dossier_id=dossier, survenu_le="2025-06-01T22:00:00+02:00"
    )


def photo_of(entity: str, record: str, sha256: str = "a" * 64) -> str:
    """A photo of a record."""
    return add(Photo, sha256=sha256, owner_entity=entity, owner_record=record)


def end_bail_b1(day: date) -> None:
    """Bail B1 ended that day."""
    bail = db.session.get(Bail, BAIL_B1)
    bail.fin = day
    db.session.commit()


def edl_sortie(bail_id: str | None, logement: str, residence: str, day: str) -> str:
    """An EDL de sortie with one element, and its décompte with one retenue."""
    edl = add(
        EtatDesLieux,
        residence,
        logement_id=logement,
        bail_id=bail_id,
        sens="sortie",
        date_edl=day,
    )
    add(EdlElement, residence, edl_id=edl, piece="Séjour", element="Sol", etat="bon")
    decompte = DecompteSortie(edl_id=edl, cles_rendues_le=date(2027, 6, 30))
    db.session.add(decompte)
    db.session.flush()
    db.session.add(
        Retenue(decompte_id=decompte.id, libelle="Ménage", montant=80, justification="Four sale")
    )
    db.session.commit()
    return edl


def candidat_visite(decision: str | None, decided_ms: int | None = None) -> str:
    """A candidat's visit, its decision written at that instant (field clock)."""
    clocks = {"decision": [2, f"{decided_ms:015d}-00000-device"]} if decided_ms else {}
    return add(
        Visite,
        logement_id=LOGEMENT_R1,
        type="candidat",
        candidat_nom="Léa Martin",
        decision=decision,
        field_clocks=clocks,
    )


def contact(heure: str) -> tuple[str, str]:
    """A permanence and one contact taken at that hour."""
    permanence = add(Permanence, site="Loge du gardien", debut="2026-11-24T14:00:00+01:00")
    taken = add(
        ContactPermanence,
        permanence_id=permanence,
        heure=heure,
        categorie="chantier",
        demande="Gravats devant la porte.",
    )
    return permanence, taken

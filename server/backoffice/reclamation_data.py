"""The réclamations as the back office shows them: the board's rows (overdue first, then by
urgence, then by échéance), where each one is, and its history of statuts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from server.backoffice.labels import choice_labels, format_datetime, parse_iso
from server.backoffice.naming import logement_label, logement_places
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import Batiment, Residence, User
from server.models.reclamations import Reclamation, ReclamationEvenement
from sync.reclamation import OPEN_STATUTS, STATUT_LABELS

RECLAMATION = "reclamation"
EVENEMENT = "reclamation_evenement"
SAISIE = "saisie"
URGENCE_RANK = {"U1": 0, "U2": 1, "U3": 2}
NEVER = datetime.max.replace(tzinfo=UTC)  # an échéance or date that cannot be read sorts last
URGENCE_DELAIS = {"U1": "sous 4 h", "U2": "sous 24 h", "U3": "sous 5 jours ouvrés"}


def labels(field: str, entity: str = RECLAMATION) -> Mapping[str, str]:
    """The French labels of a choice field of the réclamation (or of its évènement)."""
    return choice_labels(REGISTRY.get(entity), field)


def label(field: str, value: str | None, entity: str = RECLAMATION) -> str:
    """One value's French label ("—" when empty, the code itself when unknown)."""
    if not value:
        return "—"
    return labels(field, entity).get(value, value)


def statut_label(statut: str | None) -> str:
    """ "Qualifiée" for qualifiee, "Saisie" for saisie."""
    return STATUT_LABELS.get(statut or "", statut or "—")


def overdue_text(echeance: datetime, now: datetime) -> str:
    """How late a réclamation is at `now`: "En retard de 40 min", "de 3 h", "de 2 j 5 h"."""
    late = now - echeance
    minutes = int(late.total_seconds() // 60)
    if minutes < 60:
        return f"En retard de {max(minutes, 1)} min"
    hours = minutes // 60
    if hours < 24:
        return f"En retard de {hours} h"
    days, rest = divmod(hours, 24)
    return f"En retard de {days} j {rest} h" if rest else f"En retard de {days} j"


@dataclass
class BoardRow:
    """One open réclamation on the board."""

    id: str
    urgence: str
    echeance: datetime | None
    overdue: str  # "En retard de 3 h", "" when on time
    lieu: str
    residence: str
    categorie: str
    statut: str
    signalee_le: str
    signalee_par: str
    entreprise: str


def board_key(row: BoardRow) -> tuple[int, int, datetime]:
    """Overdue first, then by urgence (U1 before U3), then the soonest échéance."""
    return (
        0 if row.overdue else 1,
        URGENCE_RANK.get(row.urgence, len(URGENCE_RANK)),
        row.echeance or NEVER,
    )


@dataclass(frozen=True)
class Place:
    """Where a réclamation is, in words, and its résidence's name."""

    lieu: str
    residence: str


def etage_text(etage: int | None) -> str:
    """ "rez-de-chaussée", "étage 3", "sous-sol 1"."""
    if etage is None:
        return ""
    if etage == 0:
        return "rez-de-chaussée"
    return f"étage {etage}" if etage > 0 else f"sous-sol {-etage}"


def common_part_text(
    reclamation: Any, batiment: Batiment | None, residence: Residence | None
) -> str:
    """ "Bâtiment A, cage B, étage 2, Hall, Les Tilleuls" (what is known of it)."""
    parts = [batiment.nom if batiment is not None else "bâtiment inconnu"]
    if reclamation.cage:
        parts.append(f"cage {reclamation.cage}")
    if reclamation.etage is not None:
        parts.append(etage_text(reclamation.etage))
    if reclamation.partie_commune:
        parts.append(label("partie_commune", reclamation.partie_commune))
    if residence is not None:
        parts.append(residence.nom)
    return ", ".join(parts)


def capitalized(text: str) -> str:
    """ "Logement 101, Bâtiment A, Les Tilleuls": a place as the first words of a cell."""
    return text[:1].upper() + text[1:]


def places_of(reclamations: list[Any]) -> dict[str, Place]:
    """Where each réclamation is: its logement, else its bâtiment's common part."""
    logements = {
        lg.id: (logement_label(lg, b, r), r.nom if r is not None else "")
        for lg, b, r in logement_places(r.logement_id for r in reclamations)
    }
    batiment_ids = sorted({r.batiment_id for r in reclamations if r.batiment_id})
    batiments = {
        b.id: (b, res)
        for b, res in db.session.execute(
            select(Batiment, Residence)
            .outerjoin(Residence, Residence.id == Batiment.residence_id)
            .where(Batiment.id.in_(batiment_ids))
        )
    }
    out = {}
    for r in reclamations:
        if r.logement_id:
            text, residence = logements.get(r.logement_id, ("logement inconnu", ""))
            out[r.id] = Place(capitalized(text), residence)
        else:
            batiment, res = batiments.get(r.batiment_id or "", (None, None))
            out[r.id] = Place(common_part_text(r, batiment, res), res.nom if res else "")
    return out


def residences_of(scope: frozenset[str] | None) -> list[tuple[str, str]]:
    """(id, nom) of the résidences the scope sees, by name."""
    statement = select(Residence.id, Residence.nom).where(Residence.deleted.is_(False))
    if scope is not None:
        statement = statement.where(Residence.id.in_(sorted(scope)))
    return [(r, n) for r, n in db.session.execute(statement.order_by(Residence.nom))]


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    """Users' names by id."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(wanted))).all())


def open_reclamations(
    scope: frozenset[str] | None, residence: str = "", categorie: str = "", statut: str = ""
) -> list[Reclamation]:
    """The open réclamations the scope sees, narrowed by résidence, catégorie and statut."""
    statuts = [statut] if statut in OPEN_STATUTS else sorted(OPEN_STATUTS)
    statement = select(Reclamation).where(
        Reclamation.deleted.is_(False), Reclamation.statut.in_(statuts)
    )
    if scope is not None:
        statement = statement.where(Reclamation.residence_id.in_(sorted(scope)))
    if residence:
        statement = statement.where(Reclamation.residence_id == residence)
    if categorie:
        statement = statement.where(Reclamation.categorie == categorie)
    return list(db.session.execute(statement).scalars())


def board_rows(reclamations: list[Any], now: datetime) -> list[BoardRow]:
    """The board's rows of these réclamations at `now`, in the board's order."""
    places = places_of(reclamations)
    authors = user_names(r.created_by for r in reclamations)
    rows = []
    for r in reclamations:
        echeance = parse_iso(r.echeance) if r.echeance else None
        place = places[r.id]
        rows.append(
            BoardRow(
                id=r.id,
                urgence=r.urgence or "",
                echeance=echeance,
                overdue=overdue_text(echeance, now) if echeance and echeance < now else "",
                lieu=place.lieu,
                residence=place.residence,
                categorie=label("categorie", r.categorie),
                statut=statut_label(r.statut),
                signalee_le=format_datetime(parse_iso(r.signalee_le or "")),
                signalee_par=authors.get(r.created_by, "—") if r.created_by else "—",
                entreprise=", ".join(x for x in (r.entreprise, r.entreprise_reference) if x),
            )
        )
    return sorted(rows, key=board_key)


@dataclass
class Step:
    """One step of a réclamation's history: statut, who, when, comment."""

    statut: str
    by: str
    at: str
    commentaire: str


def evenements_of(reclamation_id: str) -> list[ReclamationEvenement]:
    """The réclamation's évènements in the order they happened."""
    rows = db.session.execute(
        select(ReclamationEvenement).where(
            ReclamationEvenement.reclamation_id == reclamation_id,
            ReclamationEvenement.deleted.is_(False),
        )
    ).scalars()
    return sorted(rows, key=lambda e: (_instant(e.le), e.created_at, e.id))


def _instant(value: str | None) -> datetime:
    moment = parse_iso(value or "")
    return moment if moment is not None else NEVER


def history_of(reclamation: Any, evenements: list[Any]) -> list[Step]:
    """The creation (Saisie, by its author, at signalee_le), then each évènement."""
    names = user_names([reclamation.created_by, *(e.created_by for e in evenements)])
    first = Step(
        statut_label(SAISIE),
        names.get(reclamation.created_by, "—") if reclamation.created_by else "—",
        format_datetime(parse_iso(reclamation.signalee_le or "")),
        "",
    )
    return [first] + [
        Step(
            statut_label(e.statut),
            names.get(e.created_by, "—") if e.created_by else "—",
            format_datetime(parse_iso(e.le or "")),
            e.commentaire or "",
        )
        for e in evenements
    ]

"""The permanences and their contacts as the back office lists, shows and exports them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from server.backoffice.labels import choice_labels, format_iso, parse_iso
from server.backoffice.naming import logement_names
from server.backoffice.reclamation_data import capitalized
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import Locataire, Residence
from server.models.reclamations import ContactPermanence, Permanence

CONTACT = "contact_permanence"
NEVER = datetime.min.replace(tzinfo=UTC)  # a début that cannot be read sorts last


def contact_label(field: str, value: str | None) -> str:
    """A contact's choice value in French ("—" when empty)."""
    if not value:
        return "—"
    return choice_labels(REGISTRY.get(CONTACT), field).get(value, value)


def yes_no(value: bool | None) -> str:
    """ "oui", "non", or "" when not said."""
    return "" if value is None else ("oui" if value else "non")


@dataclass
class PermanenceRow:
    """One permanence of the list."""

    permanence: Any
    residence: str
    debut: str
    fin: str
    contacts: int


def permanences(scope: frozenset[str] | None, residence: str = "") -> list[Any]:
    """The permanences the scope sees (one résidence when given), latest first."""
    statement = select(Permanence).where(Permanence.deleted.is_(False))
    if scope is not None:
        statement = statement.where(Permanence.residence_id.in_(sorted(scope)))
    if residence:
        statement = statement.where(Permanence.residence_id == residence)
    rows = db.session.execute(statement).scalars()
    return sorted(rows, key=lambda p: (parse_iso(p.debut or "") or NEVER, p.id), reverse=True)


def permanence_in_scope(record_id: str, scope: frozenset[str] | None) -> Any | None:
    """The permanence if it exists and lies inside the scope."""
    record = db.session.get(Permanence, record_id)
    if record is None or (scope is not None and record.residence_id not in scope):
        return None
    return record


def residence_names(ids: Iterable[str | None]) -> dict[str, str]:
    """Résidences' names by id."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    statement = select(Residence.id, Residence.nom).where(Residence.id.in_(wanted))
    return dict(db.session.execute(statement).all())


def contact_counts(permanence_ids: list[str]) -> dict[str, int]:
    """How many contacts each permanence took."""
    if not permanence_ids:
        return {}
    rows = db.session.execute(
        select(ContactPermanence.permanence_id, func.count(ContactPermanence.id))
        .where(
            ContactPermanence.permanence_id.in_(permanence_ids),
            ContactPermanence.deleted.is_(False),
        )
        .group_by(ContactPermanence.permanence_id)
    )
    return {pid: int(n) for pid, n in rows}


def permanence_rows(items: list[Any]) -> list[PermanenceRow]:
    """The list's rows of these permanences, in their order."""
    names = residence_names(p.residence_id for p in items)
    counts = contact_counts([p.id for p in items])
    return [
        PermanenceRow(
            p,
            names.get(p.residence_id or "", ""),
            format_iso(p.debut),
            format_iso(p.fin) if p.fin else "",
            counts.get(p.id, 0),
        )
        for p in items
    ]


def contacts_of(permanence_ids: list[str]) -> dict[str, list[Any]]:
    """Each permanence's contacts, in the order of their time."""
    if not permanence_ids:
        return {}
    rows = db.session.execute(
        select(ContactPermanence).where(
            ContactPermanence.permanence_id.in_(permanence_ids),
            ContactPermanence.deleted.is_(False),
        )
    ).scalars()
    out: dict[str, list[Any]] = {}
    for c in sorted(rows, key=lambda c: (parse_iso(c.heure or "") or NEVER, c.created_at, c.id)):
        out.setdefault(c.permanence_id, []).append(c)
    return out


@dataclass(frozen=True)
class Names:
    """Names of the locataires and logements the contacts mention."""

    locataires: Mapping[str, str]
    logements: Mapping[str, str]

    def qui(self, contact: Any) -> str:
        """Who came: "Marie DUPONT", "Anonyme", the name given, else "—"."""
        if contact.anonyme:
            return "Anonyme"
        if contact.locataire_id:
            return self.locataires.get(contact.locataire_id, "locataire inconnu")
        return contact.nom or "—"

    def logement(self, contact: Any) -> str:
        """The logement the contact is about ("" when none)."""
        if not contact.logement_id:
            return ""
        return capitalized(self.logements.get(contact.logement_id, "logement inconnu"))


def names_of(contacts: Iterable[Any]) -> Names:
    """The names the contacts need, read in two queries."""
    contacts = list(contacts)
    locataire_ids = sorted({c.locataire_id for c in contacts if c.locataire_id})
    rows = (
        db.session.execute(select(Locataire).where(Locataire.id.in_(locataire_ids))).scalars()
        if locataire_ids
        else []
    )
    locataires = {loc.id: f"{loc.prenom} {loc.nom}".strip() for loc in rows}
    return Names(locataires, logement_names(c.logement_id for c in contacts if c.logement_id))

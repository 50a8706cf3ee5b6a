"""The days the families' retention periods start from (DOMAIN.md "Data protection").

Each function takes one record and answers an `Anchor`: the day its period starts from, or no
day and why it is kept for now. The families declare them (`Retention.anchor`);
server/retention_rules.py adds the period and says when the record goes. Reasons are French and
hold `{apres}` / `{delai}` for the period in force.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select

from server.documents.dates import LOCAL_ZONE, french_day, paris_day
from server.extensions import db
from server.families.declaration import Anchor
from server.models import Bail, DecompteSortie, Retenue
from server.models.troubles import Demarche
from sync.errors import ProtocolError
from sync.hlc import parse_hlc

CLOSINGS = {"resolu": "à l'amiable", "sans_suite": "sans suite"}
DECISIONS = {"accepte": "acceptée", "refuse": "refusée"}
CHUNK = 500


def _day_of(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).date()


def dossier_anchor(dossier: Any) -> Anchor:
    """A dossier closed amicably or without follow-up: its closing day; open or sent to the
    contentieux: kept."""
    if dossier.etat != "clos":
        return Anchor(None, "Dossier en cours : conservé jusqu'à {apres} sa clôture")
    if dossier.cloture == "contentieux":
        return Anchor(None, "Transmis au contentieux : conservé jusqu'à la fin de la procédure")
    closing = db.session.scalars(
        select(Demarche.date)
        .where(Demarche.dossier_id == dossier.id, Demarche.type == "cloture")
        .where(Demarche.deleted.is_(False))
        .order_by(Demarche.date)
    ).first()
    day = paris_day(closing) or _day_of(dossier.updated_at)
    how = CLOSINGS.get(dossier.cloture or "", "")
    closed = f"Dossier clos {how} le" if how else "Dossier clos le"
    return Anchor(day, f"{closed} {french_day(day)} : supprimé {{apres}} la clôture")


def fait_anchor(fait: Any) -> Anchor:
    """A fait reported on its own (no dossier): the day it happened."""
    day = paris_day(fait.survenu_le) or _day_of(fait.created_at)
    return Anchor(day, f"Fait survenu le {french_day(day)}, hors dossier : supprimé {{apres}}")


def _bail_of(edl: Any) -> Bail | None:
    """The EDL's bail: its own, else the logement's bail begun by the EDL's day."""
    if edl.bail_id:
        named = db.session.get(Bail, edl.bail_id)
        if named is not None:
            return named
    if not edl.logement_id:
        return None
    day = paris_day(edl.date_edl) or date.max
    return db.session.scalars(
        select(Bail)
        .where(Bail.logement_id == edl.logement_id, Bail.debut <= day)
        .order_by(Bail.debut.desc())
    ).first()


def edl_anchor(edl: Any) -> Anchor:
    """An état des lieux (and its décompte): the end of its bail; no bail known: its own day."""
    bail = _bail_of(edl)
    if bail is None:
        day = paris_day(edl.date_edl) or _day_of(edl.created_at)
        return Anchor(
            day, f"État des lieux du {french_day(day)} sans bail connu : supprimé {{apres}}"
        )
    if bail.fin is None:
        return Anchor(None, "Bail en cours : conservé jusqu'à {apres} la fin du bail")
    return Anchor(bail.fin, f"Fin du bail le {french_day(bail.fin)} : supprimé {{apres}}")


def erase_decomptes(edl_ids: list[str]) -> int:
    """Erase the décomptes de sortie (and their retenues) of these états des lieux."""
    erased = 0
    for start in range(0, len(edl_ids), CHUNK):
        chunk = edl_ids[start : start + CHUNK]
        ids = list(
            db.session.scalars(select(DecompteSortie.id).where(DecompteSortie.edl_id.in_(chunk)))
        )
        if not ids:
            continue
        db.session.execute(delete(Retenue).where(Retenue.decompte_id.in_(ids)))
        result = db.session.execute(delete(DecompteSortie).where(DecompteSortie.id.in_(ids)))
        erased += result.rowcount or 0
    return erased


def _decided_on(visite: Any) -> date | None:
    """The day the decision was written (its field clock), else the last change's."""
    clock = (visite.field_clocks or {}).get("decision")
    if isinstance(clock, list) and len(clock) >= 2 and isinstance(clock[1], str):
        try:
            return datetime.fromtimestamp(parse_hlc(clock[1]).wall_ms / 1000, LOCAL_ZONE).date()
        except (ProtocolError, ValueError):  # a malformed clock: the last change's day
            pass
    return _day_of(visite.updated_at)


def visite_anchor(visite: Any) -> Anchor:
    """A candidat's visit: the day the application ended (a decision); other visits are the
    logement's history, for which DOMAIN.md sets no period: kept."""
    if visite.type != "candidat":
        return Anchor(None, "Visite du logement, sans durée de conservation fixée : conservée")
    if visite.decision is None:
        return Anchor(None, "Candidature en cours : supprimée {apres} la décision")
    day = _decided_on(visite)
    decided = DECISIONS.get(visite.decision, visite.decision)
    return Anchor(
        day, f"Candidature {decided} le {french_day(day)} : supprimée {{apres}} la décision"
    )


def contact_anchor(contact: Any) -> Anchor:
    """A permanence contact: the hour it was taken."""
    day = paris_day(contact.heure) or _day_of(contact.created_at)
    return Anchor(day, f"Contact du {french_day(day)} : supprimé {{apres}}")

"""The réclamations and permanences families' push rules (server/engine/driver.py runs them as
the families' hooks).

- a réclamation names a logement, or a bâtiment with the partie commune: never both;
- its statut and echeance are the server's: `saisie` and the deadline of sync/echeance.py on
  create, the deadline again whenever urgence or signalee_le change;
- an évènement (append-only) must follow the réclamation's current statut (sync/reclamation.py),
  else `transition_interdite`; once applied it sets the réclamation's statut through the engine
  (a new version devices pull);
- a permanence does not end before it begins (the permanences family's hook).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.extensions import db
from server.models.reclamations import Reclamation
from sync.echeance import echeance
from sync.reclamation import follows, transition_refusal

RECLAMATION = "reclamation"
EVENEMENT = "reclamation_evenement"
PERMANENCE = "permanence"
INITIAL_STATUT = "saisie"
DEFAULT_ORIGINE = "ronde"

DEUX_LIEUX = (
    "validation_error",
    "Indiquez soit le logement, soit le bâtiment (pour une partie commune), pas les deux.",
)
PARTIE_COMMUNE_MANQUANTE = (
    "validation_error",
    "Précisez la partie commune concernée (hall, escalier, cave…).",
)
SIGNALEE_LE_MANQUANTE = ("validation_error", "Indiquez la date et l'heure du signalement.")
DESCRIPTION_VIDE = ("validation_error", "Décrivez le problème en quelques mots.")
RECLAMATION_INCONNUE = ("unknown_reference", "Réclamation inconnue.")
TRANSITION_INTERDITE = "transition_interdite"
FIN_AVANT_DEBUT = ("validation_error", "La fin de la permanence ne peut pas précéder son début.")
# the location a réclamation names, and the message when none is given or it is unknown
LIEU_INCONNU = (
    "Logement ou bâtiment inconnu : indiquez le logement, ou le bâtiment pour une partie commune."
)


def instant(value: Any) -> datetime | None:
    """An ISO 8601 date-time as a datetime (None when absent or not one)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def echeance_of(fields: dict[str, Any]) -> str | None:
    """The deadline of a réclamation holding these fields, as ISO 8601 with its offset."""
    reported = instant(fields.get("signalee_le"))
    if reported is None or fields.get("urgence") is None:
        return None
    return echeance(fields["urgence"], reported).isoformat()


def _live(batch: Any, entity: str, record_id: Any) -> dict[str, Any] | None:
    if not isinstance(record_id, str):
        return None
    state = batch.record(entity, record_id)
    return state.fields if state is not None and not state.deleted else None


def _lock_reclamation(batch: Any, reclamation_id: str) -> None:
    """Lock the réclamation's row and read it again, unless this batch already changed it.

    Two devices pushing an évènement from the same statut at once: the second waits for the
    first to commit, then sees the statut it set (PostgreSQL; SQLite runs one writer at a time).
    """
    slot = batch.slots.get((RECLAMATION, reclamation_id))
    if slot is not None and slot.dirty:
        return
    db.session.execute(
        select(Reclamation)
        .where(Reclamation.id == reclamation_id)
        .with_for_update()
        .execution_options(populate_existing=True)  # the session's copy is read again too
    )
    batch.slots.pop((RECLAMATION, reclamation_id), None)  # loaded before the lock


def _check_reclamation(merged: dict[str, Any]) -> tuple[str, str] | None:
    if merged.get("logement_id") is not None and merged.get("batiment_id") is not None:
        return DEUX_LIEUX
    if merged.get("batiment_id") is not None and merged.get("partie_commune") is None:
        return PARTIE_COMMUNE_MANQUANTE
    if merged.get("signalee_le") is None:
        return SIGNALEE_LE_MANQUANTE
    description = merged.get("description")
    if not isinstance(description, str) or not description.strip():
        return DESCRIPTION_VIDE
    return None


def _check_evenement(batch: Any, item: Any, creating: bool) -> tuple[str, str] | None:
    if not creating:
        return None  # append-only: the merge refuses any change (record_frozen)
    reclamation_id = item.fields.get("reclamation_id")
    if isinstance(reclamation_id, str):
        _lock_reclamation(batch, reclamation_id)
    reclamation = _live(batch, RECLAMATION, reclamation_id)
    if reclamation is None:
        return RECLAMATION_INCONNUE
    current = reclamation.get("statut") or INITIAL_STATUT
    new = item.fields.get("statut")
    if not follows(current, new):
        return TRANSITION_INTERDITE, transition_refusal(current, new)
    return None


def _ends_before_start(fields: dict[str, Any]) -> bool:
    start, end = instant(fields.get("debut")), instant(fields.get("fin"))
    if start is None or end is None:
        return False
    try:
        return end < start
    except TypeError:  # one with an offset, one without: compare as written
        return str(fields["fin"]) < str(fields["debut"])


def _stored(slot: Any) -> dict[str, Any]:
    return slot.state.fields if slot is not None and slot.state is not None else {}


def check_reclamations_mutation(
    batch: Any, entity: Any, item: Any, slot: Any
) -> tuple[str, str] | None:
    """Refuse what the réclamations family forbids (see the module's docstring)."""
    name = entity.name
    if name not in (RECLAMATION, EVENEMENT) or item.op != "upsert":
        return None
    if batch.actor.is_server and item.fields.keys() <= set(entity.server_fields):
        return None  # the back office reviews a record without changing it
    stored = _stored(slot)
    if name == RECLAMATION:
        return _check_reclamation({**stored, **item.fields})
    return _check_evenement(batch, item, creating=not stored)


def check_permanences_mutation(
    batch: Any, entity: Any, item: Any, slot: Any
) -> tuple[str, str] | None:
    """Refuse a permanence that ends before it begins."""
    if entity.name != PERMANENCE or item.op != "upsert":
        return None
    return FIN_AVANT_DEBUT if _ends_before_start({**_stored(slot), **item.fields}) else None


def _settle_reclamation(batch: Any, item: Any) -> None:
    """Set a new réclamation's statut and origine, and its deadline when it may have moved."""
    state = batch.record(RECLAMATION, item.record)
    if state is None or state.deleted:
        return
    fields = state.fields
    changes: dict[str, Any] = {}
    if fields.get("statut") is None:
        changes["statut"] = INITIAL_STATUT
    if fields.get("origine") is None:
        changes["origine"] = DEFAULT_ORIGINE
    due = echeance_of(fields)
    if due != fields.get("echeance"):
        changes["echeance"] = due
    if changes:
        batch.server_update(RECLAMATION, item.record, changes)


def _follow_evenement(batch: Any, item: Any) -> None:
    """The réclamation takes the statut of its évènement just applied."""
    evenement = batch.record(EVENEMENT, item.record)
    clock = evenement.clocks.get("statut") if evenement is not None else None
    if evenement is None or evenement.deleted or clock is None or clock.hlc != item.hlc:
        return  # not the évènement's creation (the same one sent again changes nothing)
    reclamation_id = evenement.fields.get("reclamation_id")
    reclamation = _live(batch, RECLAMATION, reclamation_id)
    statut = evenement.fields.get("statut")
    if reclamation is not None and reclamation.get("statut") != statut:
        batch.server_update(RECLAMATION, reclamation_id, {"statut": statut})


def after_reclamations_apply(batch: Any, entity: Any, item: Any) -> None:
    """Keep a réclamation's server fields (statut, echeance) up to date."""
    if item.op != "upsert":
        return
    if entity.name == RECLAMATION and not item.fields.keys() <= set(entity.server_fields):
        _settle_reclamation(batch, item)
    elif entity.name == EVENEMENT:
        _follow_evenement(batch, item)

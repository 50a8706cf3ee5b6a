"""Stored rows as the export writes them: field names as stored, values as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from server.auth import as_utc
from server.documents.dates import paris_day
from server.engine.values import jsonable
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import Bail, Locataire, Photo

# Server-only rows the family declarations do not list (décompte de sortie).
DECOMPTE_FIELDS = ("edl_id", "cles_rendues_le", "restitue_le")
RETENUE_FIELDS = ("decompte_id", "libelle", "montant", "justification")
REFERENTIEL_EXTRA = ("code",)


def fields_of(entity: str, row: Any) -> dict[str, Any]:
    """A row of a declared entity: id, deletion and creation, then its declared fields."""
    declared = REGISTRY[entity]
    names = [*REFERENTIEL_EXTRA] if declared.readonly else []
    names += [*declared.fields, *declared.server_fields]
    return _plain(row, names)


def plain(row: Any, names: Iterable[str]) -> dict[str, Any]:
    """A row of an undeclared table (décompte, retenue) with the given fields."""
    return _plain(row, list(names))


def _plain(row: Any, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id}
    if hasattr(row, "deleted"):
        out["deleted"] = bool(row.deleted)
    out["created_at"] = jsonable(as_utc(row.created_at))  # SQLite gives it back naive
    for name in names:
        if name not in out:
            out[name] = jsonable(getattr(row, name))
    return out


def rows(model: Any, column: str, values: Iterable[str | None]) -> list[Any]:
    """The rows whose `column` holds one of `values`, oldest first."""
    wanted = sorted({v for v in values if v})
    if not wanted:
        return []
    statement = select(model).where(getattr(model, column).in_(wanted))
    return list(db.session.execute(statement.order_by(model.created_at, model.id)).scalars())


def every(model: Any) -> list[Any]:
    """Every row of a table, oldest first (names are compared in Python: accents, case)."""
    return list(db.session.execute(select(model).order_by(model.created_at, model.id)).scalars())


def photos_of(owner_ids: Iterable[str]) -> list[Photo]:
    """The photos attached to these records."""
    return rows(Photo, "owner_record", owner_ids)


@dataclass(frozen=True)
class Lease:
    """A bail of the subject: its logement and the days it ran."""

    logement_id: str
    debut: date
    fin: date | None

    def covers(self, logement_id: str | None, moment: Any) -> bool:
        """Whether a record of that logement dated `moment` falls within the lease."""
        day = paris_day(moment)
        if logement_id != self.logement_id or day is None:
            return False
        return self.debut <= day and (self.fin is None or day <= self.fin)


def leases_of(locataire_id: str | None) -> list[Bail]:
    """The baux naming the locataire (JSON lists are read in Python: portable)."""
    if not locataire_id:
        return []
    return [b for b in every(Bail) if locataire_id in [str(i) for i in b.locataire_ids or []]]


def locataire(locataire_id: str) -> Locataire | None:
    """A locataire of the référentiel, or None."""
    return db.session.get(Locataire, locataire_id)


def every_user(model: Any) -> list[Any]:
    """Every user account (staff), in creation order."""
    return list(db.session.execute(select(model).order_by(model.id)).scalars())

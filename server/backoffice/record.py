"""What the record page shows of a visite: its fields, place, photos, history and deletion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from server.backoffice.labels import (
    VISITE_FIELD_LABELS,
    display_value,
    field_label,
    visite_fields_for,
)
from server.backoffice.naming import logement_label, logement_names, user_and_device_names
from server.extensions import db
from server.models import (
    Batiment,
    Blob,
    Conflict,
    Logement,
    MutationLog,
    Photo,
    Residence,
    Visite,
)

# Shown after the fields of the visite's type.
TRAILING_FIELDS = ("photo_ids", "review_state", "review_comment")


@dataclass
class Place:
    """Where a visite happened."""

    logement: Logement | None
    batiment: Batiment | None
    residence: Residence | None


@dataclass
class PhotoView:
    """A photo of the record and whether its image is on the server."""

    id: str
    sha256: str | None
    caption: str
    taken_at: str | None
    present: bool


@dataclass
class FieldChange:
    """One field written by one mutation: before, after, and whether it became current."""

    label: str
    old: str
    new: str
    kept: bool = True


@dataclass
class HistoryEntry:
    """One ledger row of the record as the history shows it."""

    at: datetime
    user: str
    device: str
    status: str
    op: str
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Deletion:
    """Who deleted a visite, and when."""

    at: datetime
    by: str


def fields_of(visite: Visite, place: Place) -> list[tuple[str, str]]:
    """(label, shown value) for the fields of the visite's type, photos and review."""
    out = []
    for name in [*visite_fields_for(visite.type), *TRAILING_FIELDS]:
        out.append((field_label(name, visite.type), _shown(visite, name, place)))
    return out


def other_fields_of(visite: Visite) -> list[tuple[str, str]]:
    """Fields of another visite type that still hold a value (the type was changed)."""
    own = set(visite_fields_for(visite.type)) | set(TRAILING_FIELDS)
    out = []
    for name in VISITE_FIELD_LABELS:
        if name in own or name.startswith("_"):
            continue
        shown = display_value(name, getattr(visite, name))
        if shown != "—":
            out.append((field_label(name), shown))
    return out


def _shown(visite: Visite, name: str, place: Place) -> str:
    value = getattr(visite, name)
    if name == "logement_id" and place.logement is not None:
        return logement_label(place.logement, place.batiment, place.residence)
    if name == "photo_ids":
        return f"{len(value or [])} photo(s) listée(s)"
    return display_value(name, value)


def place_of(visite: Visite) -> Place:
    """The logement, bâtiment and résidence of a visite."""
    logement = db.session.get(Logement, visite.logement_id) if visite.logement_id else None
    batiment = db.session.get(Batiment, logement.batiment_id) if logement else None
    residence = db.session.get(Residence, visite.residence_id) if visite.residence_id else None
    return Place(logement, batiment, residence)


def photos_of(visite: Visite) -> list[PhotoView]:
    """The visite's photos (attached records and ids it lists), with missing images flagged."""
    ids = [str(i) for i in visite.photo_ids or []]
    condition = (Photo.owner_entity == "visite") & (Photo.owner_record == visite.id)
    if ids:
        condition = or_(condition, Photo.id.in_(ids))
    photos = list(
        db.session.execute(
            select(Photo).where(condition, Photo.deleted.is_(False)).order_by(Photo.created_at)
        ).scalars()
    )
    hashes = {p.sha256 for p in photos}
    stored = set(db.session.execute(select(Blob.sha256).where(Blob.sha256.in_(hashes))).scalars())
    views = [PhotoView(p.id, p.sha256, p.caption, p.taken_at, p.sha256 in stored) for p in photos]
    known = {p.id for p in photos}
    views += [PhotoView(i, None, "", None, False) for i in ids if i not in known]
    return views


def _lost_fields(log: list[MutationLog]) -> dict[int, set[str]]:
    """Per ledger row, the fields whose value lost a conflict when it was applied."""
    ids = [c for row in log for c in (row.result or {}).get("conflicts", [])]
    if not ids:
        return {}
    conflicts = {
        c.id: c for c in db.session.execute(select(Conflict).where(Conflict.id.in_(ids))).scalars()
    }
    lost: dict[int, set[str]] = {}
    for row in log:
        for conflict_id in (row.result or {}).get("conflicts", []):
            conflict = conflicts.get(conflict_id)
            if conflict is not None and conflict.other_hlc == row.hlc:
                lost.setdefault(row.id, set()).add(conflict.field)
    return lost


def _errors(entry: MutationLog) -> list[str]:
    errors = (entry.result or {}).get("errors") or {}
    if isinstance(errors, dict):
        return [f"{field_label(k)} : {' '.join(map(str, v))}" for k, v in errors.items()]
    return [str(errors)]


def _logement_names(log: list[MutationLog]) -> dict[str, str]:
    return logement_names(
        str(row.fields["logement_id"])
        for row in log
        if isinstance(row.fields, dict) and row.fields.get("logement_id")
    )


def _history_value(name: str, value: Any, logements: dict[str, str]) -> str:
    if name == "logement_id" and value:
        return logements.get(str(value), "logement inconnu")
    if name == "photo_ids" and isinstance(value, list):
        return f"{len(value)} photo(s)"
    return display_value(name, value)


def history_of(entity: str, record_id: str, visite_type: str | None = None) -> list[HistoryEntry]:
    """Every change of the record from the ledger, oldest first, field by field old → new."""
    log = list(
        db.session.execute(
            select(MutationLog)
            .where(MutationLog.entity == entity, MutationLog.record_id == record_id)
            .order_by(MutationLog.id)
        ).scalars()
    )
    users, devices = user_and_device_names(
        (m.user_id for m in log if m.user_id is not None), (m.device_id for m in log if m.device_id)
    )
    logements = _logement_names(log)
    lost = _lost_fields(log)
    values: dict[str, Any] = {"review_state": "recu"}
    entries = []
    for row in log:
        entry = HistoryEntry(
            at=row.received_at,
            user=users.get(row.user_id, "Utilisateur inconnu") if row.user_id is not None else "—",
            device=devices.get(row.device_id, "Appareil inconnu")
            if row.device_id
            else "Back-office",
            status=row.status,
            op=row.op,
        )
        if row.status == "rejected":
            entry.errors = _errors(row)
        if row.op == "delete":
            entry.changes.append(
                FieldChange("Suppression", "—", "visite supprimée", row.status != "rejected")
            )
        fields = row.fields if isinstance(row.fields, dict) else {}
        for name, new in fields.items():
            kept = row.status != "rejected" and name not in lost.get(row.id, set())
            before = _history_value(name, values.get(name), logements)
            after = _history_value(name, new, logements)
            if before != after:  # a form sends its empty fields too: only what changed is shown
                entry.changes.append(
                    FieldChange(field_label(name, visite_type), before, after, kept)
                )
            if kept:
                values[name] = new
        if row.device_id and row.status != "rejected":
            _device_review_step(values, entry)
        entries.append(entry)
    return entries


def deletion_of(visite: Visite) -> Deletion | None:
    """Who deleted the visite and when (the last delete that applied), if it is deleted."""
    if not visite.deleted:
        return None
    row = db.session.execute(
        select(MutationLog)
        .where(
            MutationLog.entity == "visite",
            MutationLog.record_id == visite.id,
            MutationLog.op == "delete",
            MutationLog.status.in_(("applied", "merged", "conflict")),
        )
        .order_by(MutationLog.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return Deletion(visite.updated_at, "—")
    users, devices = user_and_device_names(
        [row.user_id] if row.user_id is not None else [], [row.device_id] if row.device_id else []
    )
    who = users.get(row.user_id, "Utilisateur inconnu") if row.user_id is not None else "—"
    where = devices.get(row.device_id, "appareil inconnu") if row.device_id else "back-office"
    return Deletion(row.received_at, f"{who} ({where})")


def _device_review_step(values: dict[str, Any], entry: HistoryEntry) -> None:
    """Show the review state the engine moves on a device edit (à corriger → corrigé, ...)."""
    old = values.get("review_state")
    new = {"a_corriger": "corrige", "valide": "recu", "rejete": "recu"}.get(str(old))
    if new is None:
        return
    values["review_state"] = new
    entry.changes.append(
        FieldChange(
            field_label("review_state"),
            display_value("review_state", old),
            display_value("review_state", new),
        )
    )

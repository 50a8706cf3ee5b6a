"""What the record page shows of a visite: its place, photos, history and open conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from server.backoffice.labels import VISITE_FIELD_LABELS, display_value, field_label
from server.extensions import db
from server.models import (
    Batiment,
    Blob,
    Conflict,
    Device,
    Logement,
    MutationLog,
    Photo,
    Residence,
    User,
    Visite,
)

SHOWN_FIELDS = [name for name in VISITE_FIELD_LABELS if not name.startswith("_")]


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
class ConflictView:
    """An open conflict with both values and both authors."""

    id: str
    field: str
    label: str
    kept_value: str
    other_value: str
    kept_author: str
    other_author: str
    created_at: datetime


def fields_of(visite: Visite, place: Place) -> list[tuple[str, str]]:
    """(label, shown value) for every field of the visite."""
    out = []
    for name in SHOWN_FIELDS:
        value = getattr(visite, name)
        if name == "logement_id" and place.logement is not None:
            shown = place.logement.code
        elif name == "photo_ids":
            shown = f"{len(value or [])} photo(s) listée(s)"
        else:
            shown = display_value(name, value)
        out.append((field_label(name), shown))
    return out


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


def _names(log: list[MutationLog]) -> tuple[dict[int, str], dict[str, str]]:
    user_ids = {m.user_id for m in log if m.user_id is not None}
    device_ids = {m.device_id for m in log if m.device_id}
    users = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())
    devices = dict(
        db.session.execute(select(Device.id, Device.name).where(Device.id.in_(device_ids))).all()
    )
    return users, devices


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


def history_of(entity: str, record_id: str) -> list[HistoryEntry]:
    """Every change of the record from the ledger, oldest first, field by field old → new."""
    log = list(
        db.session.execute(
            select(MutationLog)
            .where(MutationLog.entity == entity, MutationLog.record_id == record_id)
            .order_by(MutationLog.id)
        ).scalars()
    )
    users, devices = _names(log)
    lost = _lost_fields(log)
    values: dict[str, Any] = {"review_state": "recu"}
    entries = []
    for row in log:
        entry = HistoryEntry(
            at=row.received_at,
            user=users.get(row.user_id, "—") if row.user_id is not None else "—",
            device=devices.get(row.device_id, row.device_id) if row.device_id else "Back-office",
            status=row.status,
            op=row.op,
        )
        if row.status == "rejected":
            entry.errors = _errors(row)
        for name, new in (row.fields or {}).items():
            kept = row.status != "rejected" and name not in lost.get(row.id, set())
            old = values.get(name)
            entry.changes.append(
                FieldChange(
                    field_label(name), display_value(name, old), display_value(name, new), kept
                )
            )
            if kept:
                values[name] = new
        if row.device_id and row.status != "rejected":
            _device_review_step(values, entry)
        entries.append(entry)
    return entries


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


def author_label(author: str) -> str:
    """A clock author ("user:<id>/device:<id>" or "user:<id>/back-office") as names."""
    if not author:
        return "—"
    parts = dict(p.split(":", 1) for p in author.split("/") if ":" in p)
    user_id = parts.get("user", "")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    device = db.session.get(Device, parts["device"]) if "device" in parts else None
    name = user.name if user else author
    if device is not None:
        return f"{name} ({device.name})"
    return f"{name} (back-office)" if author.endswith("/back-office") else name


def open_conflicts(entity: str, record_id: str) -> list[ConflictView]:
    """The record's open conflicts, oldest first."""
    rows = db.session.execute(
        select(Conflict)
        .where(Conflict.entity == entity, Conflict.record_id == record_id)
        .where(Conflict.status == "open")
        .order_by(Conflict.created_at, Conflict.id)
    ).scalars()
    return [
        ConflictView(
            id=c.id,
            field=c.field,
            label=field_label(c.field),
            kept_value=display_value(c.field, c.kept_value),
            other_value=display_value(c.field, c.other_value),
            kept_author=author_label(c.kept_author),
            other_author=author_label(c.other_author),
            created_at=c.created_at,
        )
        for c in rows
    ]

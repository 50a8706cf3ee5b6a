"""What the record page shows of a record of any family: its fields, place, photos, history and
deletion, from its declaration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from server.backoffice.labels import display_value, field_label
from server.backoffice.naming import logement_label, logement_names, user_and_device_names
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import noun_of
from server.models import Batiment, Blob, Conflict, Logement, MutationLog, Photo, Residence
from server.review import logement_column

# Shown after the fields of the record's kind when the declaration names none.
TRAILING_FIELDS = ("review_state", "review_comment")


@dataclass(frozen=True)
class RecordPage:
    """An entity's own record page: a template extending record.html, and what it shows besides
    the generic page, computed from the record."""

    template: str
    extra: Callable[[Any], dict[str, Any]]


# entity -> its own page (server/backoffice/edl_views.py registers the état des lieux's)
RECORD_PAGES: dict[str, RecordPage] = {}


@dataclass
class Place:
    """Where a record is: its logement (when its parent is one) and résidence."""

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
    """Who deleted a record, and when."""

    at: datetime
    by: str


def kind_of(entity: EntityType, record: Any) -> str | None:
    """The value of the record's kind field (its visite type), if its entity has one."""
    labels = entity.labels
    return getattr(record, labels.kind_field) if labels and labels.kind_field else None


def _trailing(entity: EntityType) -> tuple[str, ...]:
    labels = entity.labels
    return labels.trailing_fields if labels and labels.trailing_fields else TRAILING_FIELDS


def _own_fields(entity: EntityType, kind: str | None) -> tuple[str, ...]:
    labels = entity.labels
    return labels.fields_for(kind) if labels is not None else entity.fields


def fields_of(entity: EntityType, record: Any, place: Place) -> list[tuple[str, str]]:
    """(label, shown value) for the fields of the record's kind, then photos and review."""
    kind = kind_of(entity, record)
    return [
        (field_label(entity, name, kind), _shown(entity, record, name, place))
        for name in [*_own_fields(entity, kind), *_trailing(entity)]
    ]


def other_fields_of(entity: EntityType, record: Any) -> list[tuple[str, str]]:
    """Fields of another kind that still hold a value (the kind was changed)."""
    kind = kind_of(entity, record)
    own = set(_own_fields(entity, kind)) | set(_trailing(entity))
    out = []
    for name in entity.labels.fields if entity.labels else ():
        if name in own or name.startswith("_"):
            continue
        shown = display_value(name, getattr(record, name), entity)
        if shown != "—":
            out.append((field_label(entity, name), shown))
    return out


def _is_logement(entity: EntityType, name: str) -> bool:
    """Whether the field names the record's logement (its parent)."""
    column = logement_column(entity)
    return column is not None and column.key == name


def _counted(entity: EntityType, name: str) -> str | None:
    return entity.labels.counted.get(name) if entity.labels else None


def _shown(entity: EntityType, record: Any, name: str, place: Place) -> str:
    value = getattr(record, name)
    if place.logement is not None and _is_logement(entity, name):
        return logement_label(place.logement, place.batiment, place.residence)
    unit = _counted(entity, name)
    if unit is not None:
        return f"{len(value or [])} {unit} listée(s)"
    return display_value(name, value, entity)


def place_of(entity: EntityType, record: Any) -> Place:
    """The logement, bâtiment and résidence of a record."""
    column = logement_column(entity)
    logement_id = getattr(record, column.key) if column is not None else None
    logement = db.session.get(Logement, logement_id) if logement_id else None
    batiment = db.session.get(Batiment, logement.batiment_id) if logement else None
    residence = db.session.get(Residence, record.residence_id) if record.residence_id else None
    return Place(logement, batiment, residence)


def photos_of(entity: EntityType, record: Any) -> list[PhotoView]:
    """The record's photos (attached records and ids it lists), with missing images flagged."""
    listed = getattr(record, entity.photo_list) if entity.photo_list else None
    ids = [str(i) for i in listed or []]
    condition = (Photo.owner_entity == entity.name) & (Photo.owner_record == record.id)
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


def _errors(entity: EntityType, entry: MutationLog) -> list[str]:
    errors = (entry.result or {}).get("errors") or {}
    if isinstance(errors, dict):
        return [f"{field_label(entity, k)} : {' '.join(map(str, v))}" for k, v in errors.items()]
    return [str(errors)]


def _logement_names(entity: EntityType, log: list[MutationLog]) -> dict[str, str]:
    column = logement_column(entity)
    if column is None:
        return {}
    return logement_names(
        str(row.fields[column.key])
        for row in log
        if isinstance(row.fields, dict) and row.fields.get(column.key)
    )


def _history_value(entity: EntityType, name: str, value: Any, logements: dict[str, str]) -> str:
    if _is_logement(entity, name) and value:
        return logements.get(str(value), "logement inconnu")
    unit = _counted(entity, name)
    if unit is not None and isinstance(value, list):
        return f"{len(value)} {unit}"
    return display_value(name, value, entity)


def history_of(entity: EntityType, record_id: str, kind: str | None = None) -> list[HistoryEntry]:
    """Every change of the record from the ledger, oldest first, field by field old → new."""
    log = list(
        db.session.execute(
            select(MutationLog)
            .where(MutationLog.entity == entity.name, MutationLog.record_id == record_id)
            .order_by(MutationLog.id)
        ).scalars()
    )
    users, devices = user_and_device_names(
        (m.user_id for m in log if m.user_id is not None), (m.device_id for m in log if m.device_id)
    )
    logements = _logement_names(entity, log)
    lost = _lost_fields(log)
    noun = noun_of(entity.name)
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
            entry.errors = _errors(entity, row)
        if row.op == "delete":
            entry.changes.append(
                FieldChange(
                    "Suppression",
                    "—",
                    f"{noun.singular} supprimé{noun.e}",
                    row.status != "rejected",
                )
            )
        fields = row.fields if isinstance(row.fields, dict) else {}
        for name, new in fields.items():
            kept = row.status != "rejected" and name not in lost.get(row.id, set())
            before = _history_value(entity, name, values.get(name), logements)
            after = _history_value(entity, name, new, logements)
            if before != after:  # a form sends its empty fields too: only what changed is shown
                entry.changes.append(
                    FieldChange(field_label(entity, name, kind), before, after, kept)
                )
            if kept:
                values[name] = new
        if row.device_id and row.status != "rejected":
            _device_review_step(entity, values, entry)
        entries.append(entry)
    return entries


def deletion_of(entity: EntityType, record: Any) -> Deletion | None:
    """Who deleted the record and when (the last delete that applied), if it is deleted."""
    if not record.deleted:
        return None
    row = db.session.execute(
        select(MutationLog)
        .where(
            MutationLog.entity == entity.name,
            MutationLog.record_id == record.id,
            MutationLog.op == "delete",
            MutationLog.status.in_(("applied", "merged", "conflict")),
        )
        .order_by(MutationLog.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return Deletion(record.updated_at, "—")
    users, devices = user_and_device_names(
        [row.user_id] if row.user_id is not None else [], [row.device_id] if row.device_id else []
    )
    who = users.get(row.user_id, "Utilisateur inconnu") if row.user_id is not None else "—"
    where = devices.get(row.device_id, "appareil inconnu") if row.device_id else "back-office"
    return Deletion(row.received_at, f"{who} ({where})")


def _device_review_step(entity: EntityType, values: dict[str, Any], entry: HistoryEntry) -> None:
    """Show the review state the engine moves on a device edit (à corriger → corrigé, ...)."""
    old = values.get("review_state")
    new = {"a_corriger": "corrige", "valide": "recu", "rejete": "recu"}.get(str(old))
    if new is None:
        return
    values["review_state"] = new
    entry.changes.append(
        FieldChange(
            field_label(entity, "review_state"),
            display_value("review_state", old, entity),
            display_value("review_state", new, entity),
        )
    )

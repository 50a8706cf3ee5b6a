"""Applying mutations to records through the pure merge (`sync.merge`), in the caller's transaction.

Device pushes and back-office edits both come through `apply_mutations`, so versions, history,
conflicts and the change log stay uniform. Records touched by a batch are loaded in one query per
entity, merged in memory, and written back in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select, update

from server.blob_access import FORBIDDEN_CODE, FORBIDDEN_MESSAGE, forbidden_references
from server.bulk import insert_rows
from server.changes import log_changes
from server.cnil import suspect_terms
from server.entities import REGISTRY, EntityType, jsonable
from server.extensions import db
from server.models import Conflict, Logement, MutationLog, Photo, ReviewEvent, Visite
from server.models.base import new_uuid, utcnow
from server.policy import is_allowed, may_write_visite_type
from server.rules import check_fields
from sync.merge import FieldClock, Mutation, RecordState, merge
from sync.messages import PushMutation as Incoming
from sync.messages import fields_excerpt

CHUNK = 500


@dataclass(frozen=True)
class Actor:
    """Who writes: a device's user, or a back-office user (device_id None)."""

    user_id: int
    role: str
    scope: frozenset[str] | None
    device_id: str | None
    author: str

    @property
    def is_server(self) -> bool:
        """Back-office edits may write server-owned fields (review state)."""
        return self.device_id is None


@dataclass
class _Slot:
    """A record being worked on in this batch."""

    entity: EntityType
    state: RecordState | None
    residence_id: str | None
    exists: bool
    dirty: bool = False
    stored_residence_id: str | None = None  # before this batch: a move is logged for both


@dataclass
class Applied:
    """The outcome of one mutation: the result sent to the device and what to store."""

    result: dict[str, Any]
    ledger: dict[str, Any] = field(default_factory=dict)


def author_for(user_id: int, device_id: str | None) -> str:
    """The author string stored in field clocks and conflicts."""
    return f"user:{user_id}/" + (f"device:{device_id}" if device_id else "back-office")


def _state_of(entity: EntityType, record: Any) -> RecordState:
    names = entity.writable + entity.server_fields
    values = {name: jsonable(getattr(record, name)) for name in names}
    clocks = {name: FieldClock(c[0], c[1], c[2]) for name, c in (record.field_clocks or {}).items()}
    return RecordState(values, clocks, record.version, record.deleted)


def _load(entity: EntityType, ids: list[str]) -> dict[str, Any]:
    model = entity.model
    found: dict[str, Any] = {}
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(select(model).where(model.id.in_(ids[start : start + CHUNK])))
        for record in rows.scalars():
            found[record.id] = record
    return found


def _logement_residences(ids: set[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), CHUNK):
        chunk = listed[start : start + CHUNK]
        query = select(Logement.id, Logement.residence_id).where(Logement.id.in_(chunk))
        out.update({rid: res for rid, res in db.session.execute(query).all()})
    return out


def _reject(item: Incoming, code: str, message: str, errors: dict | None = None) -> Applied:
    result: dict[str, Any] = {
        "seq": item.seq,
        "status": "rejected",
        "version": None,
        "code": code,
        "message": message,
    }
    if errors:
        result["errors"] = errors
    return Applied(result)


class _Batch:
    """Applies a list of mutations in order, then writes everything in bulk."""

    def __init__(self, actor: Actor, items: list[Incoming]) -> None:
        self.actor = actor
        self.items = items
        self.slots: dict[tuple[str, str], _Slot] = {}
        self.conflicts: list[dict[str, Any]] = []
        self.reviews: list[dict[str, Any]] = []
        self.logement_residence: dict[str, str | None] = {}
        self.forbidden_blobs: set[str] = set()

    def preload(self) -> None:
        ids: dict[str, set[str]] = {}
        logements: set[str] = set()
        for item in self.items:
            if item.entity in REGISTRY:
                ids.setdefault(item.entity, set()).add(item.record)
                if item.entity == "photo" and isinstance(item.fields.get("owner_record"), str):
                    ids.setdefault("visite", set()).add(item.fields["owner_record"])
            if isinstance(item.fields.get("logement_id"), str):
                logements.add(item.fields["logement_id"])
        for name, record_ids in ids.items():
            entity = REGISTRY[name]
            for record_id, record in _load(entity, sorted(record_ids)).items():
                self.slots[(name, record_id)] = _Slot(
                    entity,
                    _state_of(entity, record),
                    record.residence_id,
                    True,
                    stored_residence_id=record.residence_id,
                )
        self.logement_residence = _logement_residences(logements)
        shas = [i.fields.get("sha256") for i in self.items if i.entity == "photo"]
        actor = self.actor
        self.forbidden_blobs = forbidden_references(shas, actor.user_id, actor.role, actor.scope)

    def run(self) -> list[Applied]:
        self.preload()
        return [self.apply_one(item) for item in self.items]

    def _target_residence(
        self, item: Incoming, slot: _Slot | None
    ) -> tuple[str | None, str | None]:
        """The résidence the record will belong to, or an error message."""
        if item.entity == "visite" and "logement_id" in item.fields:
            residence = self.logement_residence.get(item.fields["logement_id"])
            if residence is None:
                return None, "Logement inconnu."
            return residence, None
        if item.entity == "photo" and slot is None:
            owner = self.slots.get(("visite", str(item.fields.get("owner_record"))))
            if owner is None or owner.state is None:
                return None, "Visite inconnue : la photo doit accompagner une visite."
            return owner.residence_id, None
        return (slot.residence_id if slot else None), None

    def apply_one(self, item: Incoming) -> Applied:
        entity = REGISTRY.get(item.entity)
        if entity is None:
            return _reject(
                item, "unknown_entity", f"Type d'enregistrement inconnu : {item.entity}."
            )
        if entity.readonly:
            return _reject(
                item, "read_only_entity", "Ce type d'enregistrement est en lecture seule."
            )
        values, errors = check_fields(entity, item.fields, self.actor.role, self.actor.is_server)
        if not errors:
            # stored as validated, not as received (built directly: dataclasses.replace is slow)
            item = Incoming(
                item.seq, item.id, item.entity, item.record, item.op, item.base, item.hlc, values
            )
        slot = self.slots.get((item.entity, item.record))
        creating = slot is None or slot.state is None
        if item.op == "upsert" and creating:
            for name in entity.required_on_create:
                if item.fields.get(name) in (None, ""):
                    errors.setdefault(name, ["Ce champ est obligatoire."])
        if errors:
            return _reject(item, "validation_error", "Certains champs sont invalides.", errors)
        if item.op == "delete" and creating:
            return Applied({"seq": item.seq, "status": "applied", "version": None})
        residence, problem = self._target_residence(item, slot)
        if problem:
            field_name = "logement_id" if item.entity == "visite" else "owner_record"
            return _reject(item, "unknown_reference", problem, {field_name: [problem]})
        denied = self._denied(entity, item, slot, residence)
        if denied:
            return _reject(item, "forbidden", denied)
        sha = item.fields.get("sha256") if item.entity == "photo" else None
        if isinstance(sha, str) and sha in self.forbidden_blobs:
            return _reject(item, FORBIDDEN_CODE, FORBIDDEN_MESSAGE, {"sha256": [FORBIDDEN_MESSAGE]})
        return self._merge(entity, item, slot, residence)

    def _denied(
        self, entity: EntityType, item: Incoming, slot: _Slot | None, residence: str | None
    ) -> str | None:
        actor = self.actor
        action = f"{entity.name}.write"
        residences = {residence} | ({slot.residence_id} if slot else set())
        if any(not is_allowed(actor.role, action, r, actor.scope) for r in residences):
            return "Cette résidence n'est pas dans votre périmètre."
        if entity.name == "visite":
            current_type = slot.state.fields.get("type") if slot and slot.state else None
            new_type = item.fields.get("type", current_type)
            if not may_write_visite_type(actor.role, new_type) or (
                current_type and not may_write_visite_type(actor.role, current_type)
            ):
                return "Votre rôle ne permet pas de saisir ce type de visite."
        return None

    def _merge(
        self, entity: EntityType, item: Incoming, slot: _Slot | None, residence: str | None
    ) -> Applied:
        actor = self.actor
        current = slot.state if slot else None
        mutation = Mutation(item.op, item.base, item.hlc, item.fields, actor.author)
        outcome = merge(current, mutation, append_only=entity.append_only)
        if outcome.status == "rejected":
            return _reject(item, outcome.error_code or "rejected", outcome.error_message or "")
        if slot is None:
            slot = _Slot(entity, None, residence, False)
            self.slots[(entity.name, item.record)] = slot
        state = outcome.state
        if state is not None and state is not current:
            if entity.server_fields and not actor.is_server and slot.exists:
                self._device_edit_review(entity, item.record, state)
            slot.state, slot.residence_id, slot.dirty = state, residence, True
        conflict_ids = [
            self._conflict(entity, item, slot.residence_id, c) for c in outcome.conflicts
        ]
        result: dict[str, Any] = {
            "seq": item.seq,
            "status": outcome.status,
            "version": slot.state.version if slot.state else None,
        }
        if conflict_ids:
            result["conflicts"] = conflict_ids
        return Applied(result, {"residence_id": slot.residence_id, "fields": item.fields})

    def _device_edit_review(self, entity: EntityType, record_id: str, state: RecordState) -> None:
        if state.fields.get("review_state") in ("a_corriger", "valide", "rejete"):
            new_state = "corrige" if state.fields["review_state"] == "a_corriger" else "recu"
            state.fields["review_state"] = new_state
            self.reviews.append(
                {
                    "entity": entity.name,
                    "record_id": record_id,
                    "state": new_state,
                    "comment": "",
                    "user_id": self.actor.user_id,
                }
            )

    def _conflict(self, entity: EntityType, item: Incoming, residence: str | None, c: Any) -> str:
        conflict_id = new_uuid()
        self.conflicts.append(
            {
                "id": conflict_id,
                "entity": entity.name,
                "record_id": item.record,
                "residence_id": residence,
                "field": c.field,
                "kept_value": c.kept_value,
                "other_value": c.other_value,
                "kept_hlc": c.kept_clock.hlc,
                "other_hlc": c.other_clock.hlc,
                "kept_author": c.kept_clock.author,
                "other_author": c.other_clock.author,
                "status": "open",
            }
        )
        return conflict_id

    def _photos_follow_their_visite(self) -> None:
        """Photos of this batch take the résidence their visite ends the batch in.

        A visite created then moved within one batch has only photos of this batch; those of a
        visite stored before are moved in the database by `_move_owned_photos`.
        """
        for (name, _record_id), slot in self.slots.items():
            if name != "photo" or not slot.dirty or slot.state is None:
                continue
            if slot.state.fields.get("owner_entity") != "visite":
                continue
            owner = self.slots.get(("visite", str(slot.state.fields.get("owner_record"))))
            if owner is not None and owner.state is not None:
                slot.residence_id = owner.residence_id

    def write(self) -> None:
        """Write every changed record, conflict and change-log row in bulk."""
        self._photos_follow_their_visite()
        now = utcnow()
        inserts: dict[str, list[dict[str, Any]]] = {}
        updates: dict[str, list[dict[str, Any]]] = {}
        changes = []
        for (name, record_id), slot in self.slots.items():
            if not slot.dirty or slot.state is None:
                continue
            state = slot.state
            row = dict(state.fields)
            row.update(
                id=record_id,
                version=state.version,
                deleted=state.deleted,
                residence_id=slot.residence_id,
                updated_by=self.actor.user_id,
                updated_hlc=max(c.hlc for c in state.clocks.values()),
                field_clocks={k: [c.version, c.hlc, c.author] for k, c in state.clocks.items()},
                updated_at=now,
                updated_device_id=self.actor.device_id,
            )
            if slot.entity.free_text:
                row["flags"] = suspect_terms(state.fields.get(f) for f in slot.entity.free_text)
            if slot.exists:
                updates.setdefault(name, []).append(row)
            else:
                row.update(
                    created_by=self.actor.user_id,
                    created_at=now,
                    created_device_id=self.actor.device_id,
                )
                inserts.setdefault(name, []).append(row)
            changes.append((name, record_id, state.version, slot.residence_id, state.deleted))
            if slot.exists and slot.stored_residence_id != slot.residence_id:
                # devices of the old résidence must see the move, to drop their copy
                changes.append(
                    (name, record_id, state.version, slot.stored_residence_id, state.deleted)
                )
        for name, rows in inserts.items():
            insert_rows(REGISTRY[name].model.__table__, rows)
        for name, rows in updates.items():
            _bulk_update(REGISTRY[name].model.__table__, rows)
        moved = [
            record_id
            for (name, record_id), slot in self.slots.items()
            if name == "visite"
            and slot.dirty
            and slot.exists
            and slot.stored_residence_id != slot.residence_id
        ]
        changes += _move_owned_photos(moved)
        if self.conflicts:
            insert_rows(Conflict.__table__, self.conflicts)
        if self.reviews:
            db.session.execute(ReviewEvent.__table__.insert(), self.reviews)
        log_changes(changes)


def _move_owned_photos(visite_ids: list[str]) -> list[tuple[str, str, int, str | None, bool]]:
    """Give the photos of moved visites (already written) their visite's résidence.

    One SELECT and one UPDATE per chunk of visites, whatever the number of photos. Returns the
    change-log rows of the live photos that moved: one for the old résidence, whose devices
    drop them, and one for the new, whose devices receive them.
    """
    changes: list[tuple[str, str, int, str | None, bool]] = []
    for start in range(0, len(visite_ids), CHUNK):
        chunk = sorted(visite_ids[start : start + CHUNK])
        owned = (Photo.owner_entity == "visite", Photo.owner_record.in_(chunk))
        query = (
            select(Photo.id, Photo.version, Photo.deleted, Photo.residence_id, Visite.residence_id)
            .join(Visite, Visite.id == Photo.owner_record)
            .where(*owned)
            .order_by(Photo.id)
        )
        stale = [row for row in db.session.execute(query) if row[3] != row[4]]
        if not stale:
            continue
        new_residence = (
            select(Visite.residence_id).where(Visite.id == Photo.owner_record).scalar_subquery()
        )
        db.session.execute(
            update(Photo)
            .where(*owned, Photo.residence_id.is_distinct_from(new_residence))
            .values(residence_id=new_residence)
            .execution_options(synchronize_session=False)
        )
        for photo_id, version, deleted, old, new in stale:
            if not deleted:
                changes.append(("photo", photo_id, version, old, False))
                changes.append(("photo", photo_id, version, new, False))
    return changes


def _bulk_update(table: Any, rows: list[dict[str, Any]]) -> None:
    """UPDATE by primary key with executemany (Core: no ORM bookkeeping)."""
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_keys.setdefault(tuple(sorted(row)), []).append(row)
    for keys, group in by_keys.items():
        columns = [k for k in keys if k != "id"]
        statement = (
            table.update()
            .where(table.c.id == bindparam("_id"))
            .values({k: bindparam(f"_{k}") for k in columns})
        )
        db.session.execute(statement, [{f"_{k}": v for k, v in row.items()} for row in group])


def apply_mutations(actor: Actor, items: list[Incoming]) -> list[dict[str, Any]]:
    """Apply mutations in order, write the records, ledger and change log; return the results."""
    batch = _Batch(actor, items)
    applied = batch.run()
    batch.write()
    now = utcnow()
    ledger = [
        {
            "device_id": actor.device_id,
            "seq": item.seq,
            "mutation_id": item.id,
            "user_id": actor.user_id,
            "entity": item.entity[:40],
            "record_id": item.record,
            "op": item.op,
            "base": item.base,
            "hlc": item.hlc,
            "fields": outcome.ledger.get("fields") or fields_excerpt(item.fields),
            "status": outcome.result["status"],
            "version": outcome.result.get("version"),
            "result": outcome.result,
            "residence_id": outcome.ledger.get("residence_id"),
            "received_at": now,
        }
        for item, outcome in zip(items, applied, strict=True)
    ]
    if ledger:
        insert_rows(MutationLog.__table__, ledger)
    return [outcome.result for outcome in applied]


__all__ = ["Actor", "Incoming", "apply_mutations", "author_for"]

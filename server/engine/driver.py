"""The merge driver: mutations applied through the pure merge (`sync.merge`), in the caller's
transaction.

Device pushes and back-office edits both come through `apply_mutations`, so versions, history,
conflicts and the change log stay uniform for every family. Records touched by a batch (and the
records they belong to) are loaded in one query per entity, merged in memory, and written back in
bulk (server/engine/writes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from server.engine.blob_access import FORBIDDEN_CODE, FORBIDDEN_MESSAGE, forbidden_references
from server.engine.changes import server_hlc
from server.engine.parents import missing_message, parent_ref, residences_of
from server.engine.values import jsonable
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import AFTERS, CHECKS, REGISTRY, noun_of
from server.models.base import new_uuid
from server.policy import is_allowed
from server.rules import check_fields
from sync.merge import FieldClock, Mutation, RecordState, merge
from sync.messages import PushMutation as Incoming

CHUNK = 500
OTHERS_RECORD = "Vous ne pouvez modifier que ce que vous avez saisi vous-même."


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
class Slot:
    """A record being worked on in this batch."""

    entity: EntityType
    state: RecordState | None
    residence_id: str | None
    exists: bool
    dirty: bool = False
    stored_residence_id: str | None = None  # before this batch: a move is logged for both
    created_by: int | None = None


@dataclass
class Applied:
    """The outcome of one mutation: the result sent to the device and what to store."""

    result: dict[str, Any]
    ledger: dict[str, Any] = field(default_factory=dict)


def author_for(user_id: int, device_id: str | None) -> str:
    """The author string stored in field clocks and conflicts."""
    return f"user:{user_id}/" + (f"device:{device_id}" if device_id else "back-office")


def _stored_slot(entity: EntityType, record: Any) -> Slot:
    """The slot of a record as it is stored (its résidence remembered, to log a move)."""
    return Slot(
        entity,
        _state_of(entity, record),
        record.residence_id,
        True,
        stored_residence_id=record.residence_id,
        created_by=record.created_by,
    )


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


class Batch:
    """Applies a list of mutations in order; `server.engine.writes` then writes it in bulk."""

    def __init__(self, actor: Actor, items: list[Incoming]) -> None:
        self.actor = actor
        self.items = items
        self.slots: dict[tuple[str, str], Slot] = {}
        self.conflicts: list[dict[str, Any]] = []
        self.reviews: list[dict[str, Any]] = []
        self.parent_residence: dict[tuple[str, str], str | None] = {}
        self.forbidden_blobs: set[str] = set()

    def preload(self) -> None:
        """Load the batch's records and their parents (one query per entity), and blob rights."""
        ids: dict[str, set[str]] = {}
        referentiel: dict[str, set[str]] = {}
        shas: list[Any] = []
        for item in self.items:
            entity = REGISTRY.get(item.entity)
            if entity is None:
                continue
            ids.setdefault(item.entity, set()).add(item.record)
            ref = parent_ref(entity, item.fields)
            if ref is not None:
                target = referentiel if REGISTRY[ref[0]].readonly else ids
                target.setdefault(ref[0], set()).add(ref[1])
            shas += [item.fields.get(name) for name in entity.blob_fields]
        for name, record_ids in ids.items():
            entity = REGISTRY[name]
            for record_id, record in _load(entity, sorted(record_ids)).items():
                self.slots[(name, record_id)] = _stored_slot(entity, record)
        self.parent_residence = residences_of(referentiel)
        actor = self.actor
        self.forbidden_blobs = forbidden_references(shas, actor.user_id, actor.role, actor.scope)

    def run(self) -> list[Applied]:
        """Apply every mutation in order; returns their outcomes."""
        self.preload()
        return [self.apply_one(item) for item in self.items]

    def _parent_residence(self, ref: tuple[str, str] | None) -> str | None:
        if ref is None:
            return None
        if REGISTRY[ref[0]].readonly:
            return self.parent_residence.get(ref)
        owner = self.slots.get(ref)
        return owner.residence_id if owner is not None and owner.state is not None else None

    def _target_residence(
        self, entity: EntityType, item: Incoming, slot: Slot | None
    ) -> tuple[str | None, str | None]:
        """The résidence the record will belong to (its parent's), or an error message."""
        parent = entity.parent
        if parent is None or (slot is not None and item.fields.keys().isdisjoint(parent.fields)):
            return (slot.residence_id if slot else None), None
        fields = item.fields
        if parent.entity_of(fields) is None and slot is not None and slot.state is not None:
            fields = {**slot.state.fields, **item.fields}  # the owner's entity is not resent
        residence = self._parent_residence(parent_ref(entity, fields))
        if residence is None:
            return None, missing_message(parent, parent.entity_of(fields))
        return residence, None

    def apply_one(self, item: Incoming) -> Applied:
        """Check, authorize and merge one mutation into its record."""
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
        residence, problem = self._target_residence(entity, item, slot)
        if problem:
            assert entity.parent is not None
            named_by = entity.parent.field_of(item.fields)
            return _reject(item, "unknown_reference", problem, {named_by: [problem]})
        denied = self._denied(entity, item, slot, residence)
        if denied:
            return _reject(item, "forbidden", denied)
        for name in entity.blob_fields:
            sha = item.fields.get(name)
            if isinstance(sha, str) and sha in self.forbidden_blobs:
                return _reject(item, FORBIDDEN_CODE, FORBIDDEN_MESSAGE, {name: [FORBIDDEN_MESSAGE]})
        for check in CHECKS:  # a family's own rules (a signed document, DESIGN.md §9)
            refused = check(self, entity, item, slot)
            if refused is not None:
                return _reject(item, *refused)
        applied = self._merge(entity, item, slot, residence)
        if applied.result["status"] != "rejected":
            for after in AFTERS:
                after(self, entity, item)
        return applied

    def record(self, name: str, record_id: str) -> RecordState | None:
        """A record as this batch leaves it so far (loaded when the batch has not read it)."""
        slot = self.slots.get((name, record_id))
        if slot is None:
            self._load_slots(name, [record_id])
            slot = self.slots[(name, record_id)]
        return slot.state

    def records_where(
        self, name: str, field_name: str, values: list[str]
    ) -> dict[str, RecordState]:
        """The records whose field holds one of `values`, as this batch leaves them so far."""
        model = REGISTRY[name].model
        stored = db.session.execute(
            select(model.id).where(getattr(model, field_name).in_(values))
        ).scalars()
        self._load_slots(name, [i for i in stored if (name, i) not in self.slots])
        wanted = set(values)
        return {
            record_id: slot.state
            for (entity, record_id), slot in self.slots.items()
            if entity == name
            and slot.state is not None
            and slot.state.fields.get(field_name) in wanted
        }

    def _load_slots(self, name: str, ids: list[str]) -> None:
        entity = REGISTRY[name]
        found = _load(entity, ids)
        for record_id in ids:
            record = found.get(record_id)
            if record is None:  # remembered as absent: not looked up again
                self.slots[(name, record_id)] = Slot(entity, None, None, False)
            else:
                self.slots[(name, record_id)] = _stored_slot(entity, record)

    def server_update(self, name: str, record_id: str, fields: dict[str, Any]) -> None:
        """Set server-owned fields of a record in this batch: a new version devices pull."""
        slot = self.slots[(name, record_id)]
        state = slot.state
        assert state is not None
        last = max((c.hlc for c in state.clocks.values()), default=None)
        mutation = Mutation("upsert", state.version, server_hlc(after=last), fields, "server")
        outcome = merge(state, mutation)
        if outcome.state is not None:
            slot.state, slot.dirty = outcome.state, True

    def _denied(
        self, entity: EntityType, item: Incoming, slot: Slot | None, residence: str | None
    ) -> str | None:
        actor = self.actor
        if actor.role not in entity.write_roles:
            noun = noun_of(entity.name)
            return f"Votre rôle ne permet pas de saisir {noun.a}."
        known = slot is not None and slot.state is not None  # not a lookup that found nothing
        residences = {residence} | ({slot.residence_id} if known else set())
        if any(not is_allowed(actor.role, entity.write_action, r, actor.scope) for r in residences):
            return "Cette résidence n'est pas dans votre périmètre."
        # a role that reads only its own records of an entity may not change another's
        stored = slot is not None and slot.exists  # created before this batch
        if stored and entity.rule_for(actor.role).own_only and slot.created_by != actor.user_id:
            return OTHERS_RECORD
        for restriction in entity.restrictions:
            current = slot.state.fields.get(restriction.field) if slot and slot.state else None
            new = item.fields.get(restriction.field, current)
            if not restriction.allows(actor.role, new) or (
                current and not restriction.allows(actor.role, current)
            ):
                return restriction.message
        return None

    def _merge(
        self, entity: EntityType, item: Incoming, slot: Slot | None, residence: str | None
    ) -> Applied:
        actor = self.actor
        current = slot.state if slot else None
        mutation = Mutation(item.op, item.base, item.hlc, item.fields, actor.author)
        outcome = merge(current, mutation, append_only=entity.append_only)
        if outcome.status == "rejected":
            return _reject(item, outcome.error_code or "rejected", outcome.error_message or "")
        if slot is None:
            slot = Slot(entity, None, residence, False)
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

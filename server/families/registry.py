"""What is declared: every entity by name, in snapshot order, and the lookups the engine needs.

`REGISTRY` and `SNAPSHOT_ORDER` are updated in place, so modules that imported them see every
family registered later (the built-in ones on import of `server.families`, a test's own family for
one test). `generation()` changes on every (un)registration: caches built from declarations key
on it.
"""

from __future__ import annotations

from typing import Any

from server.families.declaration import EntityType, Family, Noun

REGISTRY: dict[str, EntityType] = {}
SNAPSHOT_ORDER: list[str] = []
# the families' push hooks (`Family.check`, `Family.after`), in registration order
CHECKS: list[Any] = []
AFTERS: list[Any] = []
_FAMILIES: list[Family] = []
_GENERATION = [0]
RECORD_NOUN = Noun("enregistrement", "enregistrements")


def _snapshot_rank(entity: EntityType) -> int:
    """Référentiel first, then records, then records that may belong to any record (photos):
    a device receives what a record points to before the record."""
    if entity.readonly:
        return 0
    if entity.parent is not None and entity.parent.entity is None:
        return 2
    return 1


def _rebuild() -> None:
    entities = [e for f in _FAMILIES for e in f.entities]
    REGISTRY.clear()
    REGISTRY.update({e.name: e for e in entities})
    SNAPSHOT_ORDER[:] = [e.name for e in sorted(entities, key=_snapshot_rank)]
    CHECKS[:] = [f.check for f in _FAMILIES if f.check is not None]
    AFTERS[:] = [f.after for f in _FAMILIES if f.after is not None]
    _GENERATION[0] += 1


def _check(entity: EntityType) -> None:
    """Refuse a declaration the engine could not serve (a mistake caught at start-up)."""
    columns = entity.model.__table__.c
    needed = [*entity.fields, *entity.server_fields]
    needed += ["flags"] if entity.free_text else []
    needed += ["review_state", "review_comment", "created_device_id"] if entity.reviewed else []
    missing = [name for name in needed if name not in columns]
    if entity.parent is not None:
        missing += [name for name in entity.parent.fields if name not in entity.writable]
    if missing or not set(entity.free_text) <= set(entity.writable):
        raise ValueError(f"{entity.name}: declaration and model disagree on {missing}")


def register(family: Family) -> None:
    """Declare a family: its entities sync, and are reviewed, exported and purged, from now on."""
    clash = [e.name for e in family.entities if e.name in REGISTRY]
    if clash or any(f.name == family.name for f in _FAMILIES):
        raise ValueError(f"already declared: {family.name} {clash}")
    for declared in family.entities:
        _check(declared)
    _FAMILIES.append(family)
    _rebuild()


def unregister(family: Family) -> None:
    """Forget a family (tests declare one of their own for a while)."""
    _FAMILIES.remove(family)
    _rebuild()


def generation() -> int:
    """A number that changes whenever the declarations do."""
    return _GENERATION[0]


def families() -> list[Family]:
    """The declared families, in registration order."""
    return list(_FAMILIES)


def entity(name: str) -> EntityType:
    """The declaration of an entity (KeyError when none)."""
    return REGISTRY[name]


def noun_of(name: str | None) -> Noun:
    """The French noun of an entity ("enregistrement" when it has none)."""
    declared = REGISTRY.get(name or "")
    if declared is None or declared.labels is None:
        return RECORD_NOUN
    return declared.labels.noun


def writable_entities() -> list[EntityType]:
    """Entities devices write (every record entity), in snapshot order."""
    return [REGISTRY[n] for n in SNAPSHOT_ORDER if not REGISTRY[n].readonly]


def reviewed_entities() -> list[EntityType]:
    """Entities of the back office's review queue, in registration order."""
    return [e for f in _FAMILIES for e in f.entities if e.reviewed]


def photo_owner_names() -> list[str]:
    """The entities a photo may belong to (`photo.owner_entity`)."""
    return [e.name for f in _FAMILIES for e in f.entities if e.photo_owner]


def parent_entities(child: EntityType) -> list[str]:
    """The entities a record of `child` may belong to."""
    parent = child.parent
    if parent is None:
        return []
    if parent.entity is not None:
        return [parent.entity, *(name for _field, name in parent.alternatives)]
    field = child.schema.fields.get(parent.entity_field or "") if child.schema else None
    dynamic = child.dynamic_choices.get(parent.entity_field or "")
    if dynamic is not None:
        return dynamic()
    choices = getattr(field, "validators", [])
    return [c for v in choices for c in getattr(v, "choices", ())]


def children_of(name: str) -> list[EntityType]:
    """Record entities whose records may belong to a record of `name`."""
    return [e for e in writable_entities() if e.parent is not None and name in parent_entities(e)]

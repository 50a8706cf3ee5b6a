"""A record's résidence comes from its parent (DESIGN.md §9): lookups and moves, in bulk.

A record whose parent is référentiel (a logement) takes the logement's résidence; one whose parent
is another record (a photo's owner, an element's état des lieux) takes that record's, and moves
with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update

from server.extensions import db
from server.families.declaration import EntityType, Parent
from server.families.registry import REGISTRY, children_of, noun_of

CHUNK = 500
Change = tuple[str, str, int, str | None, bool]


def parent_ref(entity: EntityType, fields: Mapping[str, Any]) -> tuple[str, str] | None:
    """(parent entity, parent id) named by these fields, when they name a declared one."""
    parent = entity.parent
    if parent is None:
        return None
    parent_id = fields.get(parent.field_of(fields))
    name = parent.entity_of(fields)
    if not isinstance(parent_id, str) or name not in REGISTRY:
        return None
    return name, parent_id


def missing_message(parent: Parent, parent_entity: str | None) -> str:
    """The French message of a mutation naming a parent that does not exist."""
    noun = noun_of(parent_entity)
    return parent.missing.format(parent_capital=noun.capital, parent_e=noun.e, parent_a=noun.a)


def residences_of(refs: Mapping[str, set[str]]) -> dict[tuple[str, str], str | None]:
    """The résidence of each (entity, id) given: one query per entity and chunk."""
    out: dict[tuple[str, str], str | None] = {}
    for name, ids in refs.items():
        model = REGISTRY[name].model
        listed = sorted(ids)
        for start in range(0, len(listed), CHUNK):
            chunk = listed[start : start + CHUNK]
            query = select(model.id, model.residence_id).where(model.id.in_(chunk))
            out.update({(name, rid): res for rid, res in db.session.execute(query).all()})
    return out


def _move(child: EntityType, parent: EntityType, parent_ids: list[str]) -> list[tuple]:
    """Give the records of `child` belonging to these (already written) `parent` records their
    parent's résidence: one SELECT and one UPDATE per chunk, whatever the number of records.
    Returns (id, version, deleted, old résidence, new résidence) of those that moved."""
    assert child.parent is not None
    model, owner = child.model, parent.model
    link = getattr(model, child.parent.field_for(parent.name))
    moved: list[tuple] = []
    for start in range(0, len(parent_ids), CHUNK):
        owned = [link.in_(sorted(parent_ids[start : start + CHUNK]))]
        if child.parent.entity_field:
            owned.append(getattr(model, child.parent.entity_field) == parent.name)
        query = (
            select(model.id, model.version, model.deleted, model.residence_id, owner.residence_id)
            .join(owner, owner.id == link)
            .where(*owned)
            .order_by(model.id)
        )
        stale = [tuple(row) for row in db.session.execute(query) if row[3] != row[4]]
        if not stale:
            continue
        new_residence = select(owner.residence_id).where(owner.id == link).scalar_subquery()
        db.session.execute(
            update(model)
            .where(*owned, model.residence_id.is_distinct_from(new_residence))
            .values(residence_id=new_residence)
            .execution_options(synchronize_session=False)
        )
        moved += stale
    return moved


def move_children(moved: dict[str, list[str]]) -> list[Change]:
    """Records belonging to moved records follow them, and theirs in turn.

    Returns the change-log rows of the live records that moved: one for the old résidence,
    whose devices drop them, and one for the new, whose devices receive them.
    """
    changes: list[Change] = []
    while moved:
        next_moved: dict[str, list[str]] = {}
        for parent_name, ids in moved.items():
            for child in children_of(parent_name):
                for record_id, version, deleted, old, new in _move(
                    child, REGISTRY[parent_name], ids
                ):
                    next_moved.setdefault(child.name, []).append(record_id)
                    if not deleted:
                        changes.append((child.name, record_id, version, old, False))
                        changes.append((child.name, record_id, version, new, False))
        moved = next_moved
    return changes

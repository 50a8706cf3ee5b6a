"""What each role may read of the synced records, from the declarations' read rules.

Scope (which résidences) is `server.policy`'s business; within the scope, each entity declares per
role the records and fields the role never receives (`EntityType.read_rules`; DESIGN.md §9
"Visibility": a gardien never holds a `candidat` visite nor the tenants' rents, and of the faits
only those it reported). A record whose parent is a record the role may not read is hidden with it
(the photos of that visite). Pulls, blob and document reads read these rules for a `Reader` (the
role, and the user for the rules on one's own records); a record a reader may not read reaches a
device that held it as a removal.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, false, not_, or_, select

from server.extensions import db
from server.families.declaration import ReadRule
from server.families.registry import REGISTRY, children_of, generation, parent_entities

CHUNK = 500
Owner = tuple[str, str]  # (entity, record id)


@dataclass(frozen=True)
class Reader:
    """Who reads: a role's rules apply, and the user's id for the rules on one's own records."""

    role: str
    user_id: int | None = None


def rule_for(role: str, entity: str) -> ReadRule:
    """The read rule of a role for an entity (nothing hidden when none is declared)."""
    return REGISTRY[entity].rule_for(role)


def _values_criteria(entity: str, rule: ReadRule, user_id: int | None) -> list[Any]:
    model = REGISTRY[entity].model
    if rule.everything or (rule.own_only and user_id is None):
        return [false()]
    criteria = [
        or_(getattr(model, name).is_(None), getattr(model, name).not_in(sorted(values)))
        for name, values in rule.hidden_values.items()
    ]
    if rule.own_only:
        criteria.append(model.created_by == user_id)
    return criteria


def _hiding_parents(role: str, entity: str) -> tuple[str, ...]:
    """The parent entities of `entity` some of whose records the role may not read."""
    return _hiding_parents_of(role, entity, generation())


@functools.cache
def _hiding_parents_of(role: str, entity: str, _generation: int) -> tuple[str, ...]:
    return tuple(
        name
        for name in parent_entities(REGISTRY[entity])
        if name in REGISTRY and REGISTRY[name].rule_for(role).hides_records
    )


def sql_criteria(reader: Reader, entity: str) -> list[Any]:
    """WHERE criteria keeping only the records of `entity` the reader may read."""
    declared = REGISTRY[entity]
    criteria = _values_criteria(entity, declared.rule_for(reader.role), reader.user_id)
    parent = declared.parent
    for name in _hiding_parents(reader.role, entity) if parent else ():
        assert parent is not None
        owner = REGISTRY[name].model
        link = [owner.id == getattr(declared.model, parent.field)]
        if parent.entity_field:
            link.append(getattr(declared.model, parent.entity_field) == name)
        shown = _values_criteria(name, rule_for(reader.role, name), reader.user_id)
        hidden_owner = exists(select(owner.id).where(*link, not_(and_(*shown))))
        criteria.append(not_(hidden_owner))
    return criteria


def shows_values(
    reader: Reader, entity: str, fields: Mapping[str, Any], created_by: int | None
) -> bool:
    """Whether the record's own values (and its author) let the reader read it (its parent is
    checked apart)."""
    rule = rule_for(reader.role, entity)
    if rule.everything:
        return False
    if rule.own_only and (reader.user_id is None or created_by != reader.user_id):
        return False
    return all(fields.get(name) not in values for name, values in rule.hidden_values.items())


def owner_of(role: str, entity: str, fields: Mapping[str, Any]) -> Owner | None:
    """The parent record whose visibility decides this record's, when the role may not read
    some records of the parent's entity."""
    parent = REGISTRY[entity].parent
    if parent is None or not _hiding_parents(role, entity):
        return None
    name = parent.entity_of(fields)
    value = fields.get(parent.field)
    if name not in _hiding_parents(role, entity) or not isinstance(value, str):
        return None
    return name, value


def hidden_owners(reader: Reader, owners: set[Owner]) -> set[Owner]:
    """Among (entity, id) parent records, those the reader may not read (one query an entity)."""
    by_entity: dict[str, set[str]] = {}
    for name, record_id in owners:
        by_entity.setdefault(name, set()).add(record_id)
    hidden: set[Owner] = set()
    for name, ids in by_entity.items():
        rule = rule_for(reader.role, name)
        if not rule.hides_records:
            continue
        model = REGISTRY[name].model
        names = sorted(rule.hidden_values)
        listed = sorted(ids)
        for start in range(0, len(listed), CHUNK):
            query = select(model.id, model.created_by, *(getattr(model, n) for n in names)).where(
                model.id.in_(listed[start : start + CHUNK])
            )
            for row in db.session.execute(query):
                values = dict(zip(names, row[2:], strict=True))
                if not shows_values(reader, name, values, row[1]):
                    hidden.add((name, row[0]))
    return hidden


def dependents(role: str, owner_entity: str) -> list[tuple[str, list[Any]]]:
    """(entity, WHERE criteria but the owner ids) of the records hidden with a hidden record of
    `owner_entity`: its children, when the role may not read some of its records."""
    if not rule_for(role, owner_entity).hides_records:
        return []
    out = []
    for child in children_of(owner_entity):
        assert child.parent is not None
        criteria = []
        if child.parent.entity_field:
            criteria.append(getattr(child.model, child.parent.entity_field) == owner_entity)
        out.append((child.name, criteria))
    return out

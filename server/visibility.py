"""What each role may read of the synced records: hidden records and hidden fields, as data.

Scope (which résidences) is `server.policy`'s business; this module says, within the scope, which
records and fields a role never receives (DESIGN.md §9 "Visibility", issue 8: a gardien never
holds a `candidat` visite nor the tenants' rents). Pulls and blob reads read these rules; a record
a role may not read reaches a device that held it as a removal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, not_, or_, select

from server.entities import REGISTRY
from server.extensions import db


@dataclass(frozen=True)
class ReadRule:
    """What a role does not read of one entity.

    `hidden_values`: a record whose field holds one of these values is hidden as a whole.
    `hidden_fields`: fields left out of every record sent.
    `owner_field`: the record is hidden when the record it belongs to (named by this field,
    in the entity named by `owner_entity`) is hidden.
    """

    hidden_values: Mapping[str, frozenset[Any]] = field(default_factory=dict)
    hidden_fields: frozenset[str] = frozenset()
    owner_entity: str | None = None
    owner_field: str | None = None


CANDIDAT_FIELDS = frozenset({"candidat_nom", "motif_refus", "decision"})

READ_RULES: dict[str, dict[str, ReadRule]] = {
    "gardien": {
        "visite": ReadRule(
            hidden_values={"type": frozenset({"candidat"})}, hidden_fields=CANDIDAT_FIELDS
        ),
        "photo": ReadRule(owner_entity="visite", owner_field="owner_record"),
        "bail": ReadRule(hidden_fields=frozenset({"loyer", "depot_garantie"})),
    },
}
NO_RULE = ReadRule()


def rule_for(role: str, entity: str) -> ReadRule:
    """The read rule of a role for an entity (nothing hidden when none is declared)."""
    return READ_RULES.get(role, {}).get(entity, NO_RULE)


def _values_criteria(entity: str, rule: ReadRule) -> list[Any]:
    model = REGISTRY[entity].model
    return [
        or_(getattr(model, name).is_(None), getattr(model, name).not_in(sorted(values)))
        for name, values in rule.hidden_values.items()
    ]


def sql_criteria(role: str, entity: str) -> list[Any]:
    """WHERE criteria keeping only the records of `entity` the role may read."""
    rule = rule_for(role, entity)
    criteria = _values_criteria(entity, rule)
    if rule.owner_entity and rule.owner_field:
        owner_rule = rule_for(role, rule.owner_entity)
        if owner_rule.hidden_values:
            owner = REGISTRY[rule.owner_entity].model
            hidden_owner = exists(
                select(owner.id).where(
                    owner.id == getattr(REGISTRY[entity].model, rule.owner_field),
                    not_(and_(*_values_criteria(rule.owner_entity, owner_rule))),
                )
            )
            criteria.append(not_(hidden_owner))
    return criteria


def shows_values(role: str, entity: str, fields: Mapping[str, Any]) -> bool:
    """Whether the record's own values let the role read it (its owner is checked apart)."""
    for name, values in rule_for(role, entity).hidden_values.items():
        if fields.get(name) in values:
            return False
    return True


def hidden_owners(role: str, entity: str, owner_ids: set[str]) -> set[str]:
    """Among owner record ids of `entity` records, those the role may not read (one query)."""
    rule = rule_for(role, entity)
    if not (rule.owner_entity and rule.owner_field and owner_ids):
        return set()
    owner_rule = rule_for(role, rule.owner_entity)
    if not owner_rule.hidden_values:
        return set()
    owner = REGISTRY[rule.owner_entity].model
    names = sorted(owner_rule.hidden_values)
    hidden: set[str] = set()
    listed = sorted(owner_ids)
    for start in range(0, len(listed), 500):
        query = select(owner.id, *(getattr(owner, n) for n in names)).where(
            owner.id.in_(listed[start : start + 500])
        )
        for row in db.session.execute(query):
            values = dict(zip(names, row[1:], strict=True))
            if not shows_values(role, rule.owner_entity, values):
                hidden.add(row[0])
    return hidden


def owner_of(role: str, entity: str, fields: Mapping[str, Any]) -> str | None:
    """The owner record id whose visibility decides this record's, if the rule has one."""
    rule = rule_for(role, entity)
    if not rule.owner_field:
        return None
    value = fields.get(rule.owner_field)
    return value if isinstance(value, str) else None


def dependents(role: str, owner_entity: str) -> list[tuple[str, str]]:
    """(entity, owner field) of the entities hidden with their `owner_entity` record."""
    return [
        (name, rule.owner_field)
        for name, rule in READ_RULES.get(role, {}).items()
        if rule.owner_entity == owner_entity and rule.owner_field
    ]

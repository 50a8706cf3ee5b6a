"""When each record goes, and why: the one computation the purge and the back office share.

A root entity declares its rule (`EntityType.retention`: setting, default days, the day the
period starts from); `PALIER_RETENTION_DAYS_<ENTITY>` still overrides an entity's period, and an
entity with only `retention_days` is kept that long after its last change. Everything else
answers with the record it belongs to (`parent`), up to its root: an EDL's elements, signatures,
addenda and photos follow the EDL; a dossier's entretiens, démarches, attestations and photos
follow the dossier, and so do the faits attached to it (`Retention.follows`); a permanence's
contacts have their own rule, the permanence none. A record with no rule up its chain is kept.
The erasing itself (records with what belongs to them) is server/retention.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select

from server.documents.dates import LOCAL_ZONE, french_day
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY, noun_of, writable_entities
from server.models.base import utcnow

CHUNK = 500
OVERRIDE_PREFIX = "PALIER_RETENTION_DAYS_"
ACCESS_LOG_SETTING = "PALIER_RETENTION_ACCESS_LOG_DAYS"
ACCESS_LOG_DAYS = 365
MAX_DEPTH = 6  # a record's chain of parents is short; this only stops a bad declaration


@dataclass(frozen=True)
class RetentionDue:
    """The day a record goes (None: kept for now), why in French, and the setting applied."""

    due: date | None
    reason: str
    rule: str = ""


@dataclass(frozen=True)
class DueRecord:
    """A root record whose retention has ended (or soon will)."""

    entity: str
    id: str
    due: date
    reason: str
    rule: str


def _config(key: str) -> dict[str, int]:
    return current_app.config.get(key, {}) if has_app_context() else {}


def setting_days(setting: str, default: int) -> int:
    """The period in days a setting gives (its default when unset)."""
    return _config("PALIER_RETENTION_SETTINGS").get(setting, default)


def days_of(entity: EntityType) -> int | None:
    """The period of the entity's own rule, in days (None: it has none)."""
    overrides = _config("PALIER_RETENTION_DAYS")
    if entity.name in overrides:
        return overrides[entity.name]
    if entity.retention is not None:
        return setting_days(entity.retention.setting, entity.retention.default_days)
    return entity.retention_days


def rule_of(entity: EntityType) -> str:
    """The setting that gives the entity's period."""
    if entity.retention is not None and entity.name not in _config("PALIER_RETENTION_DAYS"):
        return entity.retention.setting
    return OVERRIDE_PREFIX + entity.name.upper()


def period(days: int) -> str:
    """A period as people say it: "5 ans" (leap days aside), "1 an", "45 jours"."""
    years = round(days / 365.25)
    if years >= 1 and abs(days - years * 365.25) <= 1:
        return f"{years} an" + ("s" if years > 1 else "")
    return f"{days} jour" + ("s" if days > 1 else "")


def after(days: int) -> str:
    """ "5 ans après", or "dès" when there is no delay."""
    return f"{period(days)} après" if days else "dès"


def paris_today(now: datetime | None = None) -> date:
    """Today in Paris (or the day of `now`)."""
    moment = now or utcnow()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).date()


def _parent_of(entity: EntityType, record: Any) -> tuple[EntityType, Any] | None:
    """The record this one belongs to, when it is a record with a rule of its own possible."""
    parent = entity.parent
    if parent is None:
        return None
    names = {*parent.fields, parent.entity_field or parent.field}
    fields = {name: getattr(record, name, None) for name in names}
    parent_name = parent.entity_of(fields)
    declared = REGISTRY.get(parent_name or "")
    parent_id = fields.get(parent.field_of(fields))
    if declared is None or declared.readonly or not parent_id:
        return None
    found = db.session.get(declared.model, parent_id)
    return (declared, found) if found is not None else None


def _own(entity: EntityType, record: Any, days: int) -> RetentionDue:
    noun = noun_of(entity.name)
    if entity.retention is not None:
        anchor = entity.retention.anchor(record)
        due = anchor.start + timedelta(days=days) if anchor.start is not None else None
        return RetentionDue(
            due, anchor.reason.format(apres=after(days), delai=period(days)), rule_of(entity)
        )
    changed = paris_today(record.updated_at)
    reason = (
        f"Sans modification depuis le {french_day(changed)} : "
        f"supprimé{noun.e} {after(days)} la dernière modification"
    )
    return RetentionDue(changed + timedelta(days=days), reason, rule_of(entity))


def _due(entity: EntityType, record: Any, depth: int) -> RetentionDue:
    rule = entity.retention
    if rule is not None and rule.follows is not None and depth < MAX_DEPTH:
        field, followed = rule.follows
        target_id = getattr(record, field, None)
        declared = REGISTRY.get(followed)
        target = db.session.get(declared.model, target_id) if declared and target_id else None
        if declared is not None and target is not None:
            return _due(declared, target, depth + 1)
    days = days_of(entity)
    if days is not None:
        return _own(entity, record, days)
    parent = _parent_of(entity, record) if depth < MAX_DEPTH else None
    if parent is not None:
        return _due(*parent, depth + 1)
    noun = noun_of(entity.name)
    return RetentionDue(None, f"Aucune durée de conservation fixée : conservé{noun.e}")


def retention_due(entity_name: str, record: Any) -> RetentionDue:
    """When a record of any family goes and why (a child answers with its root's)."""
    entity = REGISTRY.get(entity_name)
    if entity is None or entity.readonly:
        return RetentionDue(None, "Aucune durée de conservation fixée : conservé")
    return _due(entity, record, 0)


def _records(model: Any) -> Iterator[list[Any]]:
    """Every record of a model, by chunks in id order (keyset: the same on any database)."""
    last = ""
    while True:
        rows = list(
            db.session.scalars(select(model).where(model.id > last).order_by(model.id).limit(CHUNK))
        )
        if not rows:
            return
        yield rows
        last = rows[-1].id


def due_records(now: datetime | None = None, within_days: int = 0) -> list[DueRecord]:
    """The records with a rule of their own that go by today (+ `within_days`), entity by entity;
    what belongs to them goes with them."""
    limit = paris_today(now) + timedelta(days=within_days)
    out: list[DueRecord] = []
    for entity in writable_entities():
        if days_of(entity) is None:
            continue
        for rows in _records(entity.model):
            for record in rows:
                due = _due(entity, record, 0)
                if due.due is not None and due.due <= limit:
                    out.append(DueRecord(entity.name, record.id, due.due, due.reason, due.rule))
    return out


def rules_in_force() -> list[tuple[str, str, int]]:
    """(setting, what it keeps, days) of every rule: the families' and the access logs'."""
    seen: dict[str, tuple[str, str, int]] = {}
    for entity in writable_entities():
        days = days_of(entity)
        if days is None:
            continue
        rule = rule_of(entity)
        summary = entity.retention.summary if entity.retention else ""
        what = summary or noun_of(entity.name).plural
        if rule in seen and seen[rule][1] == summary:
            continue
        if rule in seen:
            what = f"{seen[rule][1]}, {what}"
        seen[rule] = (rule, what, days)
    access = setting_days(ACCESS_LOG_SETTING, ACCESS_LOG_DAYS)
    seen[ACCESS_LOG_SETTING] = (ACCESS_LOG_SETTING, "journal d'audit et sessions terminées", access)
    return list(seen.values())


def retention_line(entity_name: str, record: Any, now: datetime | None = None) -> str:
    """What a record page says: "Conservation : jusqu'au 12/03/2031 — <reason>"."""
    due = retention_due(entity_name, record)
    if due.due is None:
        when = "sans échéance pour l'instant"
    elif due.due <= paris_today(now):
        gone = f"supprimé{noun_of(entity_name).e} à la prochaine purge"
        when = f"échéance atteinte le {french_day(due.due)}, {gone}"
    else:
        when = f"jusqu'au {french_day(due.due)}"
    return f"Conservation : {when} — {due.reason}"

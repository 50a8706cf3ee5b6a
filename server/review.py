"""The back-office review of every family's records: one queue (filterable by entity, kind,
résidence, author, state and dates), review steps and deletions through the sync engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, String, cast, false, func, literal, null, select, union_all

from server.audit import audit
from server.engine.server_edits import EditOutcome, apply_server_edit, set_review_state
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY, noun_of, reviewed_entities
from server.models import REVIEW_STATES, Logement, Photo, Residence, ReviewEvent, User

# action of the back office -> (state it sets, states it may start from)
REVIEW_ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "renvoyer": ("a_corriger", frozenset({"recu", "corrige"})),
    "valider": ("valide", frozenset({"recu", "corrige"})),
    "rejeter": ("rejete", frozenset({"recu", "corrige", "a_corriger"})),
}
OK_STATUSES = frozenset({"applied", "merged"})
# The queue's "state" filter value that lists deleted records (they are hidden otherwise).
DELETED_FILTER = "supprimee"


def _local_zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:  # pragma: no cover - system without a time zone database
        return UTC


# The agency's time zone: dates shown and typed in the back office are local.
LOCAL_ZONE = _local_zone()


def parse_day(raw: str | None) -> date | None:
    """A date from an <input type=date> value (None when absent or invalid)."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def day_start(day: date) -> datetime:
    """Local midnight at the start of `day`, in UTC."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_ZONE).astimezone(UTC)


def day_end(day: date) -> datetime:
    """Local midnight at the end of `day` (exclusive bound), in UTC."""
    return day_start(day + timedelta(days=1))


class ReviewError(ValueError):
    """A review step that cannot be taken as asked (French message)."""


@dataclass
class QueueFilters:
    """The review queue's filters, read from the query string."""

    entity: str = ""
    type: str = ""
    residence: str = ""
    author: str = ""
    state: str = ""
    du: str = ""
    au: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        """Read the filters, dropping values that are not valid."""
        filters = cls(**{f.name: (args.get(f.name) or "").strip() for f in fields(cls)})
        if filters.entity not in {e.name for e in reviewed_entities()}:
            filters.entity = ""
        if filters.type not in kind_labels():
            filters.type = ""
        if filters.state not in (*REVIEW_STATES, DELETED_FILTER):
            filters.state = ""
        if not filters.author.isdigit():
            filters.author = ""
        filters.du = filters.du if parse_day(filters.du) else ""
        filters.au = filters.au if parse_day(filters.au) else ""
        return filters

    def as_params(self) -> dict[str, str]:
        """The filters that are set, for links and the audit log."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def kind_labels() -> dict[str, str]:
    """Every kind of reviewed record ("technique": "Visite technique"), for the type filter."""
    out: dict[str, str] = {}
    for entity in reviewed_entities():
        labels = entity.labels
        if labels is not None and labels.kind_field:
            out.update(labels.choices.get(labels.kind_field, {}))
    return out


def _kind_column(entity: EntityType) -> Any:
    labels = entity.labels
    if labels is None or not labels.kind_field:
        return None
    return getattr(entity.model, labels.kind_field)


def logement_column(entity: EntityType) -> Any:
    """The column naming the record's logement, when its parent is one."""
    parent = entity.parent
    if parent is None or parent.entity != "logement":
        return None
    return getattr(entity.model, parent.field)


def _filtered(
    entity: EntityType, statement: Select, filters: QueueFilters, scope: frozenset[str] | None
) -> Select | None:
    """`statement` over the entity's records with the filters, or None if it can hold none."""
    model = entity.model
    kind = _kind_column(entity)
    if filters.entity and filters.entity != entity.name:
        return None
    if filters.type:
        labels = entity.labels
        if kind is None or labels is None or filters.type not in labels.choices[labels.kind_field]:
            return None
        statement = statement.where(kind == filters.type)
    statement = statement.where(model.deleted.is_(filters.state == DELETED_FILTER))
    if scope is not None:
        statement = statement.where(model.residence_id.in_(sorted(scope)))
    if filters.residence:
        statement = statement.where(model.residence_id == filters.residence)
    if filters.author:
        statement = statement.where(model.created_by == int(filters.author))
    if filters.state and filters.state != DELETED_FILTER:
        statement = statement.where(model.review_state == filters.state)
    start, end = parse_day(filters.du), parse_day(filters.au)
    if start:
        statement = statement.where(model.created_at >= day_start(start))
    if end:
        statement = statement.where(model.created_at < day_end(end))
    return statement


def _queue_rows(entity: EntityType) -> Select:
    """One entity's records in the columns every queue row has."""
    model = entity.model
    kind, logement = _kind_column(entity), logement_column(entity)
    return select(
        cast(literal(entity.name), String(40)).label("entity"),
        model.id.label("id"),
        model.created_at.label("created_at"),
        model.created_by.label("created_by"),
        model.residence_id.label("residence_id"),
        model.review_state.label("review_state"),
        model.deleted.label("deleted"),
        cast(kind if kind is not None else null(), String(40)).label("kind"),
        cast(logement if logement is not None else null(), String(36)).label("logement_id"),
    )


def _photo_count(entity: Any, record_id: Any) -> Any:
    """A correlated count of a record's live photos."""
    return (
        select(func.count(Photo.id))
        .where(
            Photo.owner_entity == entity,
            Photo.owner_record == record_id,
            Photo.deleted.is_(False),
        )
        .scalar_subquery()
        .label("photos")
    )


def queue_query(filters: QueueFilters, scope: frozenset[str] | None) -> Select:
    """Live records of every reviewed entity matching the filters, inside the scope, newest
    first; rows have `entity`, `id`, `kind`, `review_state`, names and a photo count."""
    parts = [
        part
        for entity in reviewed_entities()
        if (part := _filtered(entity, _queue_rows(entity), filters, scope)) is not None
    ]
    if not parts:  # nothing can match: an empty result with the same columns
        parts = [_queue_rows(reviewed_entities()[0]).where(false())]
    rows = union_all(*parts).subquery("queue")
    return (
        select(
            rows.c.entity,
            rows.c.id,
            rows.c.created_at,
            rows.c.kind,
            rows.c.review_state,
            rows.c.deleted,
            Residence.nom.label("residence_nom"),
            Logement.code.label("logement_code"),
            User.name.label("author_name"),
            _photo_count(rows.c.entity, rows.c.id),
        )
        .outerjoin(Residence, Residence.id == rows.c.residence_id)
        .outerjoin(Logement, Logement.id == rows.c.logement_id)
        .outerjoin(User, User.id == rows.c.created_by)
        .order_by(rows.c.created_at.desc(), rows.c.id)
    )


def entity_query(entity: EntityType, filters: QueueFilters, scope: frozenset[str] | None) -> Select:
    """One entity's records matching the queue's filters, newest first: rows hold the record
    (under its model's name) with its résidence, logement and author names and photo count."""
    model = entity.model
    logement = logement_column(entity)
    statement = select(
        model,
        Residence.nom.label("residence_nom"),
        (Logement.code if logement is not None else null()).label("logement_code"),
        User.name.label("author_name"),
        _photo_count(literal(entity.name), model.id),
    ).outerjoin(Residence, Residence.id == model.residence_id)
    if logement is not None:
        statement = statement.outerjoin(Logement, Logement.id == logement)
    statement = statement.outerjoin(User, User.id == model.created_by).order_by(
        model.created_at.desc(), model.id
    )
    filtered = _filtered(entity, statement, filters, scope)
    return filtered if filtered is not None else statement.where(false())


def filter_choices(scope: frozenset[str] | None) -> dict[str, list[tuple[str, str]]]:
    """The entities, résidences and authors the queue's filter form offers."""
    residences = select(Residence.id, Residence.nom).where(Residence.deleted.is_(False))
    if scope is not None:
        residences = residences.where(Residence.id.in_(sorted(scope)))
    entities = reviewed_entities()
    writers = union_all(
        *(select(e.model.created_by).where(e.model.created_by.is_not(None)) for e in entities)
    )
    authors = select(User.id, User.name).where(User.id.in_(writers)).order_by(User.name)
    return {
        "entities": [(e.name, noun_of(e.name).capital) for e in entities],
        "residences": [(r, n) for r, n in db.session.execute(residences.order_by(Residence.nom))],
        "authors": [(str(u), n) for u, n in db.session.execute(authors)],
    }


def record_in_scope(entity: str, record_id: str, scope: frozenset[str] | None) -> Any | None:
    """The record if its entity is declared, it exists and lies inside the scope."""
    declared = REGISTRY.get(entity)
    if declared is None or declared.readonly:
        return None
    record = db.session.get(declared.model, record_id)
    if record is None or (scope is not None and record.residence_id not in scope):
        return None
    return record


def review_record(
    entity: EntityType, record: Any, action: str, comment: str, user: User, base: int | None
) -> EditOutcome:
    """Take one review step through the sync engine; ReviewError when it is not allowed."""
    if action not in REVIEW_ACTIONS:
        raise ReviewError("Action de revue inconnue.")
    state, allowed_from = REVIEW_ACTIONS[action]
    comment = comment.strip()
    noun = noun_of(entity.name)
    if record.deleted:
        raise ReviewError(
            f"{_cap(noun.this)} est supprimé{noun.e} : {noun.it} ne peut plus être revu{noun.e}."
        )
    if record.review_state not in allowed_from:
        raise ReviewError("Cette action n'est pas possible pour un enregistrement dans cet état.")
    if state == "a_corriger" and not comment:
        raise ReviewError("Indiquez ce qu'il faut corriger : le commentaire est obligatoire.")
    outcome = set_review_state(entity.name, record.id, state, comment, user, base)
    if outcome.status != "rejected":
        audit("review", user.id, target=f"{entity.name}:{record.id}", details={"state": state})
    return outcome


def delete_record(entity: EntityType, record: Any, user: User, base: int | None) -> EditOutcome:
    """Delete a record through the sync engine (devices drop it at their next pull); logged."""
    noun = noun_of(entity.name)
    if record.deleted:
        raise ReviewError(f"{_cap(noun.this)} est déjà supprimé{noun.e}.")
    outcome = apply_server_edit(entity.name, record.id, {}, user, base, op="delete")
    if outcome.status != "rejected":
        audit("record_delete", user.id, target=f"{entity.name}:{record.id}")
    return outcome


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def review_events(entity: str, record_id: str) -> list[tuple[ReviewEvent, str]]:
    """The review steps of a record with the reviewer's name, oldest first."""
    rows = db.session.execute(
        select(ReviewEvent, User.name)
        .outerjoin(User, User.id == ReviewEvent.user_id)
        .where(ReviewEvent.entity == entity, ReviewEvent.record_id == record_id)
        .order_by(ReviewEvent.id)
    )
    return [(event, name or "—") for event, name in rows]

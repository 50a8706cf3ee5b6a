"""The back-office review of visites: the queue's filters and query, review steps, corrections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, func, select

from server.audit import audit
from server.entities import VISITE_TYPES
from server.extensions import db
from server.models import REVIEW_STATES, Logement, Photo, Residence, ReviewEvent, User, Visite
from server.server_edits import EditOutcome, apply_server_edit, set_review_state

# action of the back office -> (state it sets, states it may start from)
REVIEW_ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "renvoyer": ("a_corriger", frozenset({"recu", "corrige"})),
    "valider": ("valide", frozenset({"recu", "corrige"})),
    "rejeter": ("rejete", frozenset({"recu", "corrige", "a_corriger"})),
}
OK_STATUSES = frozenset({"applied", "merged"})
# The queue's "state" filter value that lists deleted visites (they are hidden otherwise).
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
        if filters.type not in VISITE_TYPES:
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


def photo_count_column() -> Any:
    """A correlated count of a visite's live photos."""
    return (
        select(func.count(Photo.id))
        .where(Photo.owner_record == Visite.id, Photo.deleted.is_(False))
        .correlate(Visite)
        .scalar_subquery()
        .label("photos")
    )


def queue_query(filters: QueueFilters, scope: frozenset[str] | None) -> Select:
    """Live visites matching the filters, inside the scope, newest first."""
    statement = (
        select(
            Visite,
            Residence.nom.label("residence_nom"),
            Logement.code.label("logement_code"),
            User.name.label("author_name"),
            photo_count_column(),
        )
        .outerjoin(Residence, Residence.id == Visite.residence_id)
        .outerjoin(Logement, Logement.id == Visite.logement_id)
        .outerjoin(User, User.id == Visite.created_by)
        .where(Visite.deleted.is_(filters.state == DELETED_FILTER))
        .order_by(Visite.created_at.desc(), Visite.id)
    )
    if scope is not None:
        statement = statement.where(Visite.residence_id.in_(sorted(scope)))
    if filters.type:
        statement = statement.where(Visite.type == filters.type)
    if filters.residence:
        statement = statement.where(Visite.residence_id == filters.residence)
    if filters.author:
        statement = statement.where(Visite.created_by == int(filters.author))
    if filters.state and filters.state != DELETED_FILTER:
        statement = statement.where(Visite.review_state == filters.state)
    start, end = parse_day(filters.du), parse_day(filters.au)
    if start:
        statement = statement.where(Visite.created_at >= day_start(start))
    if end:
        statement = statement.where(Visite.created_at < day_end(end))
    return statement


def filter_choices(scope: frozenset[str] | None) -> dict[str, list[tuple[str, str]]]:
    """The résidences and authors the queue's filter form offers."""
    residences = select(Residence.id, Residence.nom).where(Residence.deleted.is_(False))
    if scope is not None:
        residences = residences.where(Residence.id.in_(sorted(scope)))
    authors = (
        select(User.id, User.name)
        .where(User.id.in_(select(Visite.created_by).where(Visite.created_by.is_not(None))))
        .order_by(User.name)
    )
    return {
        "residences": [(r, n) for r, n in db.session.execute(residences.order_by(Residence.nom))],
        "authors": [(str(u), n) for u, n in db.session.execute(authors)],
    }


def visite_in_scope(visite_id: str, scope: frozenset[str] | None) -> Visite | None:
    """The visite if it exists and lies inside the scope."""
    visite = db.session.get(Visite, visite_id)
    if visite is None or (scope is not None and visite.residence_id not in scope):
        return None
    return visite


def review_visite(
    visite: Visite, action: str, comment: str, user: User, base: int | None
) -> EditOutcome:
    """Take one review step through the sync engine; ReviewError when it is not allowed."""
    if action not in REVIEW_ACTIONS:
        raise ReviewError("Action de revue inconnue.")
    state, allowed_from = REVIEW_ACTIONS[action]
    comment = comment.strip()
    if visite.deleted:
        raise ReviewError("Cette visite est supprimée : elle ne peut plus être revue.")
    if visite.review_state not in allowed_from:
        raise ReviewError("Cette action n'est pas possible pour un enregistrement dans cet état.")
    if state == "a_corriger" and not comment:
        raise ReviewError("Indiquez ce qu'il faut corriger : le commentaire est obligatoire.")
    outcome = set_review_state("visite", visite.id, state, comment, user, base)
    if outcome.status != "rejected":
        audit("review", user.id, target=f"visite:{visite.id}", details={"state": state})
    return outcome


def delete_visite(visite: Visite, user: User, base: int | None) -> EditOutcome:
    """Delete a visite through the sync engine (devices drop it at their next pull); logged."""
    if visite.deleted:
        raise ReviewError("Cette visite est déjà supprimée.")
    outcome = apply_server_edit("visite", visite.id, {}, user, base, op="delete")
    if outcome.status != "rejected":
        audit("record_delete", user.id, target=f"visite:{visite.id}")
    return outcome


def review_events(visite_id: str) -> list[tuple[ReviewEvent, str]]:
    """The review steps of a record with the reviewer's name, oldest first."""
    rows = db.session.execute(
        select(ReviewEvent, User.name)
        .outerjoin(User, User.id == ReviewEvent.user_id)
        .where(ReviewEvent.entity == "visite", ReviewEvent.record_id == visite_id)
        .order_by(ReviewEvent.id)
    )
    return [(event, name or "—") for event, name in rows]

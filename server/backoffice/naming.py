"""Names instead of identifiers: which record a row is, which logement, who wrote it, and the URL
of its page — for every family, from its declaration's labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import null, select

from server.backoffice.labels import format_datetime, format_iso
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY, noun_of
from server.models import Batiment, Device, Logement, Residence, User
from server.review import logement_column

# the back office's actions on a record, as URL segments (server/backoffice/record_views.py)
PAGE, REVIEW, CORRECT, DELETE = "page", "review", "correct", "delete"


@dataclass(frozen=True)
class RecordName:
    """How a page names a record: its title and place, and the page it is shown on."""

    url: str | None
    title: str
    place: str

    @property
    def text(self) -> str:
        """Title and place on one line."""
        return f"{self.title} — {self.place}" if self.place else self.title


UNKNOWN = RecordName(None, "Enregistrement introuvable", "")


def has_page(entity: EntityType) -> bool:
    """Whether the entity's records have a page of their own (else they show on their parent's)."""
    if entity.readonly:
        return False
    parent = entity.parent
    return parent is None or (parent.entity is not None and REGISTRY[parent.entity].readonly)


def record_url(entity: str, record_id: str, action: str = PAGE) -> str:
    """The back-office URL of a record's page or action: /bo/<bo_path>/<id> when its family
    declares one (/bo/visites/<id>), else /bo/records/<entity>/<id>."""
    declared = REGISTRY.get(entity)
    path = declared.labels.bo_path if declared is not None and declared.labels else None
    if path:
        return url_for(f"backoffice.{path}_{action}", record_id=record_id)
    return url_for(f"backoffice.record_{action}", entity=entity, record_id=record_id)


def logement_label(
    logement: Logement | None, batiment: Batiment | None, residence: Residence | None
) -> str:
    """ "logement 101, Bâtiment A, Les Tilleuls" (what is known of it)."""
    parts = []
    if logement is not None:
        parts.append(f"logement {logement.numero}")
    if batiment is not None:
        parts.append(batiment.nom)
    if residence is not None:
        parts.append(residence.nom)
    return ", ".join(parts) or "logement inconnu"


def logement_places(ids: Iterable[str | None]) -> list[tuple[Logement, Any, Any]]:
    """(logement, its bâtiment or None, its résidence or None) for each logement id found."""
    wanted = sorted({str(i) for i in ids if i})
    if not wanted:
        return []
    rows = db.session.execute(
        select(Logement, Batiment, Residence)
        .outerjoin(Batiment, Batiment.id == Logement.batiment_id)
        .outerjoin(Residence, Residence.id == Logement.residence_id)
        .where(Logement.id.in_(wanted))
    )
    return [(lg, b, r) for lg, b, r in rows]


def logement_names(ids: Iterable[str]) -> dict[str, str]:
    """ "logement 101, Bâtiment A, Les Tilleuls" for each logement id found."""
    return {lg.id: logement_label(lg, b, r) for lg, b, r in logement_places(ids)}


def record_title(entity: EntityType, record: Any) -> str:
    """ "Visite technique réalisée le 26/11/2026 09:30" (else its first date declared set,
    else "reçue le" and the day it was received)."""
    labels = entity.labels
    noun = noun_of(entity.name)
    if labels is None:
        return f"{noun.capital} reçu{noun.e} le {format_datetime(record.created_at)}"
    kind = labels.kind_label(getattr(record, labels.kind_field) if labels.kind_field else None)
    for name, phrase in labels.title_dates:
        value = getattr(record, name, None)
        if value:
            return f"{kind} {phrase} {format_iso(value)}"
    return f"{kind} reçu{noun.e} le {format_datetime(record.created_at)}"


def place_query(entity: EntityType) -> Any:
    """The entity's records with their logement, bâtiment and résidence (None when unknown)."""
    model = entity.model
    logement = logement_column(entity)
    if logement is None:
        return select(model, null(), null(), Residence).outerjoin(
            Residence, Residence.id == model.residence_id
        )
    return (
        select(model, Logement, Batiment, Residence)
        .outerjoin(Logement, Logement.id == logement)
        .outerjoin(Batiment, Batiment.id == Logement.batiment_id)
        .outerjoin(Residence, Residence.id == model.residence_id)
    )


def place_label(entity: EntityType, logement: Any, batiment: Any, residence: Any) -> str:
    """Where a record is: its logement when its parent is one, else its résidence."""
    if logement_column(entity) is not None:
        return logement_label(logement, batiment, residence)
    return residence.nom if residence is not None else ""


def _own_names(entity: EntityType, ids: set[str]) -> dict[str, RecordName]:
    if not ids:
        return {}
    model = entity.model
    rows = db.session.execute(place_query(entity).where(model.id.in_(sorted(ids))))
    return {
        record.id: RecordName(
            record_url(entity.name, record.id),
            record_title(entity, record),
            place_label(entity, logement, batiment, residence),
        )
        for record, logement, batiment, residence in rows
    }


def _parents(entity: EntityType, ids: set[str]) -> dict[str, tuple[str, str]]:
    """The (entity, id) of the record each of these child records belongs to."""
    parent = entity.parent
    assert parent is not None
    model = entity.model
    kind = getattr(model, parent.entity_field) if parent.entity_field else null()
    rows = db.session.execute(
        select(model.id, kind, getattr(model, parent.field)).where(model.id.in_(sorted(ids)))
    )
    return {rid: (name or parent.entity or "", pid) for rid, name, pid in rows if pid}


def name_records(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RecordName]:
    """Names of (entity, record id) pairs; a record shown on its parent's page (a photo) is
    named after its parent."""
    keys = list(keys)
    wanted: dict[str, set[str]] = {}
    for name, record_id in keys:
        wanted.setdefault(name, set()).add(record_id)
    parents: dict[tuple[str, str], tuple[str, str]] = {}
    for name, ids in list(wanted.items()):
        declared = REGISTRY.get(name)
        if declared is not None and not declared.readonly and not has_page(declared):
            for record_id, ref in _parents(declared, ids).items():
                parents[(name, record_id)] = ref
                wanted.setdefault(ref[0], set()).add(ref[1])
    names: dict[tuple[str, str], RecordName] = {}
    for name, ids in wanted.items():
        declared = REGISTRY.get(name)
        if declared is not None and has_page(declared):
            names.update({(name, rid): n for rid, n in _own_names(declared, ids).items()})
    out: dict[tuple[str, str], RecordName] = {}
    for key in keys:
        owner = names.get(parents[key]) if key in parents else None
        if owner is not None:
            title = f"{noun_of(key[0]).capital} — {owner.title}"
            out[key] = RecordName(owner.url, title, owner.place)
        else:
            out[key] = names.get(key, UNKNOWN)
    return out


def user_and_device_names(
    user_ids: Iterable[int], device_ids: Iterable[str]
) -> tuple[dict[int, str], dict[str, str]]:
    """Names of users and devices, by id."""
    users = dict(
        db.session.execute(select(User.id, User.name).where(User.id.in_(set(user_ids)))).all()
    )
    devices = dict(
        db.session.execute(
            select(Device.id, Device.name).where(Device.id.in_(set(device_ids)))
        ).all()
    )
    return users, devices


def author_label(author: str) -> str:
    """A clock author ("user:<id>/device:<id>" or "user:<id>/back-office") as names."""
    if not author:
        return "—"
    parts = dict(p.split(":", 1) for p in author.split("/") if ":" in p)
    user_id = parts.get("user", "")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    device = db.session.get(Device, parts["device"]) if "device" in parts else None
    name = user.name if user else "Utilisateur inconnu"
    if device is not None:
        return f"{name} ({device.name})"
    if author.endswith("/back-office"):
        return f"{name} (back-office)"
    return f"{name} (appareil inconnu)" if "device" in parts else name

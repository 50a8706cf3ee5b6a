"""Names instead of identifiers: which visite a record is, which logement, who wrote it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from server.backoffice.labels import VISITE_TYPE_LABELS, format_datetime, format_iso
from server.extensions import db
from server.models import Batiment, Device, Logement, Photo, Residence, User, Visite


@dataclass(frozen=True)
class RecordName:
    """How a page names a record: the visite it is (or belongs to) and its logement."""

    visite_id: str | None
    title: str
    place: str

    @property
    def text(self) -> str:
        """Title and place on one line."""
        return f"{self.title} — {self.place}" if self.place else self.title


UNKNOWN = RecordName(None, "Enregistrement introuvable", "")


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


def logement_names(ids: Iterable[str]) -> dict[str, str]:
    """ "logement 101, Bâtiment A, Les Tilleuls" for each logement id found."""
    wanted = sorted({str(i) for i in ids if i})
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Logement, Batiment, Residence)
        .outerjoin(Batiment, Batiment.id == Logement.batiment_id)
        .outerjoin(Residence, Residence.id == Logement.residence_id)
        .where(Logement.id.in_(wanted))
    )
    return {lg.id: logement_label(lg, b, r) for lg, b, r in rows}


def visite_title(visite: Visite) -> str:
    """ "Visite technique réalisée le 26/11/2026 09:30" (else prévue le, else reçue le)."""
    kind = VISITE_TYPE_LABELS.get(visite.type or "", visite.type or "Visite")
    if visite.realisee_le:
        return f"{kind} réalisée le {format_iso(visite.realisee_le)}"
    if visite.prevue_le:
        return f"{kind} prévue le {format_iso(visite.prevue_le)}"
    return f"{kind} reçue le {format_datetime(visite.created_at)}"


def _visite_names(ids: set[str]) -> dict[str, RecordName]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Visite, Logement, Batiment, Residence)
        .outerjoin(Logement, Logement.id == Visite.logement_id)
        .outerjoin(Batiment, Batiment.id == Logement.batiment_id)
        .outerjoin(Residence, Residence.id == Visite.residence_id)
        .where(Visite.id.in_(sorted(ids)))
    )
    return {
        visite.id: RecordName(
            visite.id, visite_title(visite), logement_label(logement, batiment, residence)
        )
        for visite, logement, batiment, residence in rows
    }


def name_records(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RecordName]:
    """Names of (entity, record id) pairs; a photo is named after its visite."""
    keys = list(keys)
    photo_ids = sorted({rid for entity, rid in keys if entity == "photo"})
    owners: dict[str, str] = {}
    if photo_ids:
        owners = dict(
            db.session.execute(
                select(Photo.id, Photo.owner_record).where(Photo.id.in_(photo_ids))
            ).all()
        )
    visites = _visite_names({rid for e, rid in keys if e == "visite"} | set(owners.values()))
    out: dict[tuple[str, str], RecordName] = {}
    for entity, record_id in keys:
        if entity == "visite":
            out[(entity, record_id)] = visites.get(record_id, UNKNOWN)
        elif entity == "photo" and owners.get(record_id) in visites:
            owner = visites[owners[record_id]]
            out[(entity, record_id)] = RecordName(
                owner.visite_id, f"Photo — {owner.title}", owner.place
            )
        else:
            out[(entity, record_id)] = UNKNOWN
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

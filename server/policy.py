"""Every authorization decision of Palier: role × action × résidence."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from server.extensions import db
from server.models import Residence, User

AGENCY_WIDE_ROLES = frozenset({"back_office", "admin"})

# action -> roles allowed to perform it (within their scope)
ACTION_ROLES: dict[str, frozenset[str]] = {
    "sync.pull": frozenset({"gestionnaire", "gardien", "back_office", "admin"}),
    "visite.write": frozenset({"gestionnaire", "gardien", "back_office", "admin"}),
    "photo.write": frozenset({"gestionnaire", "gardien", "back_office", "admin"}),
    "blob.read": frozenset({"gestionnaire", "gardien", "back_office", "admin"}),
    "referentiel.write": frozenset({"admin"}),
    "backoffice.access": frozenset({"back_office", "admin"}),
    "backoffice.review": frozenset({"back_office", "admin"}),
    "backoffice.edit": frozenset({"back_office", "admin"}),
    "conflict.resolve": frozenset({"back_office", "admin"}),
    "export": frozenset({"back_office", "admin"}),
    "device.revoke": frozenset({"back_office", "admin"}),
    "users.manage": frozenset({"admin"}),
    "audit.read": frozenset({"back_office", "admin"}),
}

# Visite types a gardien may record (DESIGN.md §2: visites de courtoisie).
GARDIEN_VISITE_TYPES = frozenset({"courtoisie"})


def is_allowed(
    role: str, action: str, residence_id: str | None, scope: frozenset[str] | None
) -> bool:
    """Whether a user of `role` with `scope` (None = whole agency) may do `action` there."""
    if role not in ACTION_ROLES.get(action, frozenset()):
        return False
    if scope is None or residence_id is None:
        return scope is None or action in {"sync.pull", "blob.read"}
    return residence_id in scope


def may_revoke_device(role: str, owner_role: str) -> bool:
    """Whether a user of `role` may revoke a device whose owner has `owner_role`.

    The back office revokes field devices and its own; an admin's device only by an admin.
    """
    if not is_allowed(role, "device.revoke", None, None):
        return False
    return owner_role != "admin" or role == "admin"


def may_write_visite_type(role: str, visite_type: str | None) -> bool:
    """Whether this role may record a visite of that type."""
    if role == "gardien":
        return visite_type in GARDIEN_VISITE_TYPES
    return role in ACTION_ROLES["visite.write"]


def residence_scope(user: User) -> frozenset[str] | None:
    """The résidences a user sees; None means the whole agency."""
    if user.role in AGENCY_WIDE_ROLES:
        return None
    ids: set[str] = {r.id for r in user.residences}
    secteur_ids = [s.id for s in user.secteurs]
    if secteur_ids:
        rows = db.session.execute(
            select(Residence.id).where(Residence.secteur_id.in_(secteur_ids))
        ).scalars()
        ids.update(rows)
    return frozenset(ids)


def in_scope(scope: frozenset[str] | None, residence_ids: Iterable[str | None]) -> bool:
    """Whether every résidence given is inside the scope (agency-wide records always are)."""
    if scope is None:
        return True
    return all(rid is None or rid in scope for rid in residence_ids)

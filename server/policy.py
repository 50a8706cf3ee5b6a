"""Every authorization decision of Palier: role × action × résidence."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from sqlalchemy import select

from server.extensions import db
from server.families.registry import generation, writable_entities
from server.models import Residence, User

AGENCY_WIDE_ROLES = frozenset({"back_office", "admin"})

# action -> roles allowed to perform it (within their scope); `<entity>.write` comes from the
# declarations of server/families (`EntityType.write_roles`), between these two.
_PULL = {"sync.pull": frozenset({"gestionnaire", "gardien", "back_office", "admin"})}
_OTHER_ACTIONS: dict[str, frozenset[str]] = {
    "blob.read": frozenset({"gestionnaire", "gardien", "back_office", "admin"}),
    "referentiel.write": frozenset({"admin"}),
    "backoffice.access": frozenset({"back_office", "admin"}),
    "backoffice.review": frozenset({"back_office", "admin"}),
    "backoffice.edit": frozenset({"back_office", "admin"}),
    "conflict.resolve": frozenset({"back_office", "admin"}),
    "export": frozenset({"back_office", "admin"}),
    "subject.export": frozenset({"back_office", "admin"}),  # droit d'accès (RGPD art. 15)
    "device.revoke": frozenset({"back_office", "admin"}),
    "users.manage": frozenset({"admin"}),
    "audit.read": frozenset({"back_office", "admin"}),
    "retention.manage": frozenset({"admin"}),
}


class _ActionRoles(Mapping[str, frozenset[str]]):
    """Every action and its roles, the declared entities' writes included (rebuilt when the
    declarations change)."""

    def __init__(self) -> None:
        self._built: tuple[int, dict[str, frozenset[str]]] = (-1, {})

    def _table(self) -> dict[str, frozenset[str]]:
        if self._built[0] != generation():
            writes = {e.write_action: e.write_roles for e in writable_entities()}
            self._built = (generation(), {**_PULL, **writes, **_OTHER_ACTIONS})
        return self._built[1]

    def __getitem__(self, action: str) -> frozenset[str]:
        return self._table()[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


ACTION_ROLES: Mapping[str, frozenset[str]] = _ActionRoles()


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

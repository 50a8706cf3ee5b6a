"""User administration for the back office: role, scope, password, activation."""

from __future__ import annotations

from sqlalchemy import select

from server.audit import audit
from server.auth import hash_password
from server.extensions import db
from server.models import ROLES, Residence, Secteur, User
from server.policy import AGENCY_WIDE_ROLES
from server.users import MIN_PASSWORD_LENGTH, UserError, create_user, end_access, set_scope


def all_users() -> list[User]:
    """Every user, by login."""
    return list(db.session.execute(select(User).order_by(User.login)).scalars())


def scope_choices() -> dict[str, list[tuple[str, str]]]:
    """Secteurs and résidences that can be given to a user, as (code, label)."""
    secteurs = db.session.execute(select(Secteur.code, Secteur.nom).order_by(Secteur.code))
    residences = db.session.execute(
        select(Residence.code, Residence.nom)
        .where(Residence.deleted.is_(False))
        .order_by(Residence.code)
    )
    return {
        "secteurs": [(c, f"{c} — {n}") for c, n in secteurs],
        "residences": [(c, f"{c} — {n}") for c, n in residences],
    }


def _scope_codes(role: str, secteurs: list[str], residences: list[str]) -> tuple[list, list]:
    if role not in ROLES:
        raise UserError(f"Rôle inconnu : {role}")
    if role in AGENCY_WIDE_ROLES:
        return [], []
    if not secteurs and not residences:
        raise UserError("Donnez au moins un secteur ou une résidence à ce rôle.")
    return secteurs, residences


def _scope_of(user: User) -> dict[str, list[str]]:
    return {
        "secteurs": sorted(s.code for s in user.secteurs),
        "residences": sorted(r.code for r in user.residences),
    }


def add_user(
    actor: User,
    login: str,
    name: str,
    role: str,
    password: str,
    secteurs: list[str],
    residences: list[str],
) -> User:
    """Create a user and log it; UserError with a French message when refused."""
    secteurs, residences = _scope_codes(role, secteurs, residences)
    user = create_user(login, name, role, password, secteurs, residences)
    audit(
        "user_create", actor.id, target=f"user:{user.id}", details={"role": role, **_scope_of(user)}
    )
    return user


def change_role_and_scope(
    actor: User, user: User, role: str, secteurs: list[str], residences: list[str]
) -> bool:
    """Set a user's role and scope; returns whether anything changed (their devices then reset)."""
    if user.id == actor.id and role != user.role:
        raise UserError("Vous ne pouvez pas changer votre propre rôle.")
    secteurs, residences = _scope_codes(role, secteurs, residences)
    before = {"role": user.role, **_scope_of(user)}
    set_scope(user, secteurs, residences)
    user.role = role
    after = {"role": role, **_scope_of(user)}
    if before == after:
        return False
    audit(
        "user_update", actor.id, target=f"user:{user.id}", details={"avant": before, "apres": after}
    )
    return True


def reset_password(actor: User, user: User, password: str) -> None:
    """Give a user a new password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")
    user.password_hash = hash_password(password)
    ended = end_access(user, "mot_de_passe_reinitialise")
    audit("user_password_reset", actor.id, target=f"user:{user.id}", details=ended)


def set_active(actor: User, user: User, active: bool) -> None:
    """Disable a user (their sessions end, their devices are revoked and wiped at next contact)
    or re-enable them (old sessions and device tokens stay dead: they log in again)."""
    if not active and user.id == actor.id:
        raise UserError("Vous ne pouvez pas désactiver votre propre compte.")
    if user.active == active:
        return
    user.active = active
    details = {} if active else end_access(user, "compte_desactive")
    audit(
        "user_enable" if active else "user_disable",
        actor.id,
        target=f"user:{user.id}",
        details=details,
    )

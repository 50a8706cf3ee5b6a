"""Creating and changing users (shared by the CLI and the back office)."""

from __future__ import annotations

from sqlalchemy import select, update

from server.auth import hash_password, revoke_device
from server.extensions import db
from server.models import ROLES, BackofficeSession, Residence, Secteur, User
from server.models.base import utcnow

MIN_PASSWORD_LENGTH = 10


class UserError(ValueError):
    """A user cannot be created or changed as asked (French message)."""


def set_scope(user: User, secteur_codes: list[str], residence_codes: list[str]) -> None:
    """Give a user the secteurs and résidences named by their codes."""
    secteurs = list(
        db.session.execute(select(Secteur).where(Secteur.code.in_(secteur_codes))).scalars()
    )
    residences = list(
        db.session.execute(select(Residence).where(Residence.code.in_(residence_codes))).scalars()
    )
    unknown = sorted(set(secteur_codes) - {s.code for s in secteurs}) + sorted(
        set(residence_codes) - {r.code for r in residences}
    )
    if unknown:
        raise UserError(f"Secteur ou résidence inconnu : {', '.join(unknown)}")
    user.secteurs = secteurs
    user.residences = residences


def create_user(
    login: str,
    name: str,
    role: str,
    password: str,
    secteur_codes: list[str] | None = None,
    residence_codes: list[str] | None = None,
) -> User:
    """Create a user in the current transaction."""
    login = login.strip().lower()
    if not login or not name.strip():
        raise UserError("L'identifiant et le nom sont obligatoires.")
    if role not in ROLES:
        raise UserError(f"Rôle inconnu : {role}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")
    if db.session.execute(select(User).where(User.login == login)).scalar_one_or_none():
        raise UserError(f"L'identifiant « {login} » existe déjà.")
    user = User(login=login, name=name.strip(), role=role, password_hash=hash_password(password))
    set_scope(user, secteur_codes or [], residence_codes or [])
    db.session.add(user)
    db.session.flush()
    return user


def end_access(user: User, reason: str) -> dict[str, int]:
    """End the user's back-office sessions and revoke their devices (wiped at their next
    contact): a password reset or a disabled account. Returns how many devices went."""
    devices = [d for d in user.devices if d.revoked_at is None]
    for device in devices:
        revoke_device(device)
    db.session.execute(
        update(BackofficeSession)
        .where(BackofficeSession.user_id == user.id, BackofficeSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_reason=reason)
    )
    return {"appareils_revoques": len(devices)}

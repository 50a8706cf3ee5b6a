"""Creating and changing users (shared by the CLI and the back office)."""

from __future__ import annotations

from sqlalchemy import select

from server.auth import hash_password
from server.extensions import db
from server.models import ROLES, Residence, Secteur, User

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

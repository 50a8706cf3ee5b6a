"""Users, their scope, their devices, login throttling and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import BigId, new_uuid, utcnow

ROLES = ("gestionnaire", "gardien", "back_office", "admin")

user_secteur = Table(
    "user_secteur",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("secteur_id", ForeignKey("secteur.id", ondelete="CASCADE"), primary_key=True),
)
user_residence = Table(
    "user_residence",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("residence_id", ForeignKey("residence.id", ondelete="CASCADE"), primary_key=True),
)


class User(db.Model):
    """A person who logs in: gestionnaire, gardien, back office or admin."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    secteurs = relationship("Secteur", secondary=user_secteur, lazy="selectin")
    residences = relationship("Residence", secondary=user_residence, lazy="selectin")
    devices: Mapped[list[Device]] = relationship(back_populates="user")


class Device(db.Model):
    """A tablet or phone holding a token for one user."""

    __tablename__ = "device"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    app_schema: Mapped[int | None] = mapped_column(Integer)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    # what the field app reported at its last contact (X-Palier-App-Version, X-Palier-Pending)
    app_version: Mapped[str | None] = mapped_column(String(40))
    pending_count: Mapped[int | None] = mapped_column(Integer)
    pending_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship(back_populates="devices")


class LoginFailure(db.Model):
    """Failed logins for one key — an account from one address, or one address whatever the
    account — to slow down guessing (shared by all processes)."""

    __tablename__ = "login_failure"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BackofficeSession(db.Model):
    """A back-office login: the cookie holds its token, the server decides whether it lives."""

    __tablename__ = "backoffice_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    ended_reason: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class AuditEntry(db.Model):
    """One line of the audit log: logins, exports, revocations, sensitive reads."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str] = mapped_column(String(60), default="")

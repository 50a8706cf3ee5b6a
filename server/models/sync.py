"""Sync bookkeeping: the mutation ledger, the change log, conflicts, blobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import BigId, new_uuid, utcnow


class MutationLog(db.Model):
    """Every mutation received (or made by the back office) and the result of applying it."""

    __tablename__ = "mutation_log"
    __table_args__ = (UniqueConstraint("device_id", "seq", name="uq_mutation_device_seq"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    device_id: Mapped[str | None] = mapped_column(String(36))
    seq: Mapped[int | None] = mapped_column(Integer)
    mutation_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[int | None] = mapped_column(Integer)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))
    base: Mapped[int | None] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(100))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    residence_id: Mapped[str | None] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChangeLog(db.Model):
    """One row per committed change of a synced record; the pull cursor walks it.

    On PostgreSQL `xid` defaults to the writing transaction's id (set by the migration), so a
    pull can stop below the oldest transaction still in flight; on SQLite it stays 0.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_position", "xid", "id"),
        # ids must never be reused after a purge, or a cursor could skip new changes
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    xid: Mapped[int] = mapped_column(BigInteger, server_default=text("0"), nullable=False)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    residence_id: Mapped[str | None] = mapped_column(String(36))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SyncState(db.Model):
    """Single-row facts about the change log (where the last purge stopped)."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purged_xid: Mapped[int] = mapped_column(BigInteger, default=0)
    purged_id: Mapped[int] = mapped_column(BigInteger, default=0)


class Conflict(db.Model):
    """A field written on two sides: the current value and the other one, kept for review."""

    __tablename__ = "conflict"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    residence_id: Mapped[str | None] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60))
    kept_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    other_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept_hlc: Mapped[str] = mapped_column(String(100))
    other_hlc: Mapped[str] = mapped_column(String(100))
    kept_author: Mapped[str] = mapped_column(String(120))
    other_author: Mapped[str] = mapped_column(String(120))
    mutation_log_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    resolution: Mapped[str | None] = mapped_column(String(12))
    resolved_by: Mapped[int | None] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Blob(db.Model):
    """A stored, re-encoded image, addressed by the SHA-256 the device computed."""

    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    stored_size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    uploaded_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BlobAccess(db.Model):
    """A user who uploaded a blob: a photo record of theirs may reference it."""

    __tablename__ = "blob_access"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewEvent(db.Model):
    """A step of the back-office review of a record (reçu → à corriger ⇄ corrigé → validé)."""

    __tablename__ = "review_event"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    state: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

"""Retention of photo blobs: the stored images no live record names any more.

A blob is named by the declared `blob_fields` of live records (a photo's `sha256`, a signature's
`image_sha256`). A device uploads a photo before pushing the record that names it, so a blob
younger than PALIER_BLOB_GRACE_DAYS is kept even when nothing names it yet.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from server.blobs import get_store
from server.extensions import db
from server.families.registry import writable_entities
from server.models import Blob, BlobAccess

CHUNK = 500
GRACE_DAYS = 7


def _named(shas: list[str]) -> set[str]:
    """Those of these blobs that a live record names."""
    named: set[str] = set()
    for entity in writable_entities():
        model = entity.model
        for name in entity.blob_fields:
            column = getattr(model, name)
            named.update(
                db.session.scalars(select(column).where(column.in_(shas), model.deleted.is_(False)))
            )
    return named


def unnamed_blobs(now: datetime) -> list[str]:
    """The blobs older than the grace period that no live record names."""
    grace = current_app.config.get("PALIER_BLOB_GRACE_DAYS", GRACE_DAYS)
    cutoff = now - timedelta(days=grace)
    out: list[str] = []
    last = ""
    while True:
        chunk = list(
            db.session.scalars(
                select(Blob.sha256)
                .where(Blob.sha256 > last, Blob.created_at < cutoff)
                .order_by(Blob.sha256)
                .limit(CHUNK)
            )
        )
        if not chunk:
            return out
        named = _named(chunk)
        out += [sha for sha in chunk if sha not in named]
        last = chunk[-1]


def forget_blobs(shas: list[str]) -> None:
    """Delete the rows of these blobs (who uploaded them, their sizes); files go after commit."""
    for start in range(0, len(shas), CHUNK):
        chunk = shas[start : start + CHUNK]
        db.session.execute(delete(BlobAccess).where(BlobAccess.sha256.in_(chunk)))
        db.session.execute(delete(Blob).where(Blob.sha256.in_(chunk)))


def remove_blob_files(shas: list[str]) -> None:
    """Delete the images and thumbnails of these blobs from the store."""
    store = get_store()
    for sha in shas:
        store.remove(sha)

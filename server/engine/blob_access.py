"""Who may read a blob, and so reference it from a photo record (issue 8).

A user reads a blob they uploaded (table `blob_access`, one row per user who PUT its bytes), or
one a live photo record of their scope, readable to their role, references. Agency-wide roles
read every blob. Knowing a hash is not enough: a photo record may not claim a blob its user may
not read.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from server.engine.visibility import Reader, sql_criteria
from server.extensions import db
from server.models import Blob, BlobAccess, Photo

CHUNK = 500
FORBIDDEN_CODE = "blob_forbidden"
FORBIDDEN_MESSAGE = (
    "Photo inaccessible : elle n'a pas été envoyée depuis votre compte. "
    "Reprenez la photo sur cet appareil."
)


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    listed = sorted(set(values))
    for start in range(0, len(listed), CHUNK):
        yield listed[start : start + CHUNK]


def _readable_among(
    shas: set[str], user_id: int, role: str, scope: frozenset[str] | None
) -> set[str]:
    """The hashes among `shas` this user may read (whether a blob is stored or not)."""
    if scope is None or not shas:
        return set(shas)
    found: set[str] = set()
    for chunk in _chunks(shas):
        found.update(
            db.session.scalars(
                select(BlobAccess.sha256).where(
                    BlobAccess.user_id == user_id, BlobAccess.sha256.in_(chunk)
                )
            )
        )
        found.update(
            db.session.scalars(
                select(Blob.sha256).where(Blob.uploaded_by == user_id, Blob.sha256.in_(chunk))
            )
        )
    rest = shas - found
    for chunk in _chunks(rest):
        found.update(
            db.session.scalars(
                select(Photo.sha256)
                .where(
                    Photo.sha256.in_(chunk),
                    Photo.deleted.is_(False),
                    Photo.residence_id.in_(sorted(scope)),
                    *sql_criteria(Reader(role, user_id), "photo"),
                )
                .distinct()
            )
        )
    return found


def can_read(sha256: str, user_id: int, role: str, scope: frozenset[str] | None) -> bool:
    """Whether this user may read (HEAD, GET) the blob."""
    return sha256 in _readable_among({sha256}, user_id, role, scope)


def forbidden_references(
    shas: Iterable[str], user_id: int, role: str, scope: frozenset[str] | None
) -> set[str]:
    """The stored blobs among `shas` a photo record of this user may not reference.

    A hash with no stored blob yet is allowed: the device may upload it after the record.
    """
    wanted = {s for s in shas if isinstance(s, str)}
    if scope is None or not wanted:
        return set()
    stored: set[str] = set()
    for chunk in _chunks(wanted):
        stored.update(db.session.scalars(select(Blob.sha256).where(Blob.sha256.in_(chunk))))
    return stored - _readable_among(stored, user_id, role, scope)


def grant(sha256: str, user_id: int) -> None:
    """Record that this user holds the blob's bytes (in the caller's transaction)."""
    exists = db.session.get(BlobAccess, (sha256, user_id))
    if exists is None:
        db.session.add(BlobAccess(sha256=sha256, user_id=user_id))

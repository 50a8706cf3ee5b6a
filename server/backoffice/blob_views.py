"""Photos for the back office, served from the blob store with a session and a scope check."""

from __future__ import annotations

import re

from flask import Response, abort, g
from sqlalchemy import select

from server.backoffice import bp
from server.backoffice.session import login_required
from server.extensions import db
from server.models import Photo
from server.policy import residence_scope

SHA256_RE = re.compile(r"[0-9a-f]{64}")


def blob_visible(sha256: str, scope: frozenset[str] | None) -> bool:
    """Whether a live photo record inside the scope references this blob."""
    statement = select(Photo.id).where(Photo.sha256 == sha256, Photo.deleted.is_(False))
    if scope is not None:
        statement = statement.where(Photo.residence_id.in_(sorted(scope)))
    return db.session.execute(statement.limit(1)).first() is not None


def _serve(sha256: str, thumb: bool) -> Response:
    from server.blobs import get_store

    if not SHA256_RE.fullmatch(sha256) or not blob_visible(sha256, residence_scope(g.user)):
        abort(404)
    data = get_store().open(sha256, thumb=thumb)
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/blobs/<sha256>")
@login_required("backoffice.access")
def blob(sha256: str) -> Response:
    """A photo at full size."""
    return _serve(sha256, thumb=False)


@bp.get("/blobs/<sha256>/thumb")
@login_required("backoffice.access")
def blob_thumb(sha256: str) -> Response:
    """A photo's thumbnail."""
    return _serve(sha256, thumb=True)

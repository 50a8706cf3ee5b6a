"""Blob upload and download by SHA-256 (DESIGN.md §4, "Photos and other blobs")."""

from __future__ import annotations

import re

from flask import Blueprint, Response, g, request
from sqlalchemy.exc import IntegrityError

from server.auth import device_required
from server.blobs import MAX_BLOB_BYTES, ImageRejected, get_store, process_image, sha256_hex
from server.engine.blob_access import can_read, grant
from server.errors import ApiError
from server.extensions import db
from server.models import Blob
from server.policy import residence_scope

bp = Blueprint("api_blobs", __name__, url_prefix="/api/v1/blobs")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def _check_sha(sha256: str) -> None:
    if not SHA_RE.fullmatch(sha256):
        raise ApiError(
            400, "invalid_hash", "Empreinte SHA-256 invalide (64 caractères hexadécimaux)."
        )


def _readable(sha256: str) -> bool:
    """Stored, and readable to the caller: anything else answers 404, never 403."""
    user = g.user
    return db.session.get(Blob, sha256) is not None and can_read(
        sha256, user.id, user.role, residence_scope(user)
    )


def _granted() -> Response:
    """The blob is stored and its bytes were just proven: the caller may now reference it."""
    try:
        db.session.commit()
    except IntegrityError:  # the same user's parallel upload recorded it first
        db.session.rollback()
    return Response(status=200)


@bp.route("/<sha256>", methods=["HEAD"])
@device_required
def head(sha256: str) -> Response:
    """200 when the blob is stored and readable to the caller, 404 otherwise."""
    _check_sha(sha256)
    return Response(status=200 if _readable(sha256) else 404)


@bp.put("/<sha256>")
@device_required
def put(sha256: str) -> tuple[Response, int] | Response:
    """Store a photo: 201 when new, 200 when already there; either way its sender may use it."""
    _check_sha(sha256)
    if request.content_length is not None and request.content_length > MAX_BLOB_BYTES:
        raise ApiError(413, "payload_too_large", "Photo trop volumineuse (20 Mio au plus).")
    data = request.get_data(cache=False)
    if len(data) > MAX_BLOB_BYTES:
        raise ApiError(413, "payload_too_large", "Photo trop volumineuse (20 Mio au plus).")
    if not data:
        raise ApiError(400, "empty_body", "Aucune donnée reçue.")
    if sha256_hex(data) != sha256:
        raise ApiError(400, "hash_mismatch", "Le contenu reçu ne correspond pas à son empreinte.")
    # Sending the very bytes proves the caller holds the photo: only then may they use it.
    if db.session.get(Blob, sha256) is not None:
        grant(sha256, g.user.id)
        return _granted()
    try:
        image = process_image(data)
    except ImageRejected as err:
        raise ApiError(400, err.code, err.message) from None
    get_store().put(sha256, image.data, image.thumb)
    db.session.add(
        Blob(
            sha256=sha256,
            size=len(data),
            stored_size=len(image.data),
            width=image.width,
            height=image.height,
            uploaded_by=g.user.id,
        )
    )
    grant(sha256, g.user.id)
    try:
        db.session.commit()
    except Exception:  # a concurrent upload of the same photo won the race
        db.session.rollback()
        if db.session.get(Blob, sha256) is None:
            raise
        grant(sha256, g.user.id)
        return _granted()
    return Response(status=201)


def _serve(sha256: str, thumb: bool) -> Response:
    _check_sha(sha256)
    if not _readable(sha256):
        raise ApiError(404, "not_found", "Photo introuvable.")
    data = get_store().open(sha256, thumb=thumb)
    if data is None:
        raise ApiError(404, "not_found", "Photo introuvable.")
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


@bp.get("/<sha256>")
@device_required
def get(sha256: str) -> Response:
    """The stored photo, to users whose scope holds a record that references it."""
    return _serve(sha256, thumb=False)


@bp.get("/<sha256>/thumb")
@device_required
def thumb(sha256: str) -> Response:
    """The thumbnail."""
    return _serve(sha256, thumb=True)

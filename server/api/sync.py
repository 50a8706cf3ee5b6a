"""Push and pull (DESIGN.md §4)."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, g, jsonify, request

from server.auth import device_required
from server.engine.pull import cursor_key, pull
from server.engine.push import apply_push
from server.engine.visibility import Reader
from server.errors import ApiError
from server.extensions import db
from server.models.base import utcnow
from server.policy import is_allowed, residence_scope
from sync.messages import parse_pull_args, parse_push

bp = Blueprint("api_sync", __name__, url_prefix="/api/v1/sync")

MAX_PUSH_BYTES = 2 * 1024 * 1024


@bp.post("/push")
@device_required
def push() -> Response:
    """Apply a device's mutations exactly once, in order."""
    length = request.content_length
    if length is not None and length > MAX_PUSH_BYTES:
        raise ApiError(413, "payload_too_large", "Envoi trop volumineux (2 Mio au plus).")
    raw = request.get_data(cache=False)
    if len(raw) > MAX_PUSH_BYTES:
        raise ApiError(413, "payload_too_large", "Envoi trop volumineux (2 Mio au plus).")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ApiError(
            400, "invalid_json", "Le corps de la requête n'est pas du JSON valide."
        ) from None
    parsed = parse_push(body)
    return jsonify(apply_push(g.device, g.user, parsed))


@bp.get("/pull")
@device_required
def pull_changes() -> Response:
    """A page of changes in the device's scope."""
    user = g.user
    if not is_allowed(user.role, "sync.pull", None, None):
        raise ApiError(403, "forbidden", "Votre rôle ne permet pas de synchroniser.")
    key = cursor_key(g.device.id)
    cursor, limit = parse_pull_args(request.args, key)
    reader = Reader(user.role, user.id)
    page = pull(residence_scope(user), cursor, limit, reader=reader, key=key)
    if not page["more"]:
        g.device.last_sync_at = utcnow()
    db.session.commit()
    return jsonify(page)

"""The rules a device checks before "Valider": GET /api/v1/rules (DESIGN.md contract A)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from server.auth import device_required
from server.rules import rules_for

bp = Blueprint("api_rules", __name__, url_prefix="/api/v1")


def device_rules(role: str) -> tuple[dict[str, Any], str]:
    """The role's rules with the device settings (lock_seconds) and their ETag."""
    document, etag = rules_for(role)
    seconds = int(current_app.config["PALIER_DEVICE_LOCK_SECONDS"])
    # the setting is in the ETag: a device revalidating after a change gets the new value
    return {**document, "lock_seconds": seconds}, f"{etag}-l{seconds}"


@bp.get("/rules")
@device_required
def rules() -> Response:
    """The role's permissions and the rules of every entity it may write; 304 when unchanged."""
    document, etag = device_rules(g.user.role)
    response = jsonify(document)
    response.set_etag(etag)
    # a device revalidates each time (cheap with If-None-Match) and no shared cache keeps it
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)

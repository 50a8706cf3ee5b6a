"""The rules a device checks before "Valider": GET /api/v1/rules (DESIGN.md contract A)."""

from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from server.auth import device_required
from server.rules import rules_for

bp = Blueprint("api_rules", __name__, url_prefix="/api/v1")


@bp.get("/rules")
@device_required
def rules() -> Response:
    """The role's permissions and the rules of every entity it may write; 304 when unchanged."""
    document, etag = rules_for(g.user.role)
    response = jsonify(document)
    response.set_etag(etag)
    # a device revalidates each time (cheap with If-None-Match) and no shared cache keeps it
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)

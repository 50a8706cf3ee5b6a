"""Serves the built field app (pwa/dist) at the site root."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory
from werkzeug.wrappers import Response

bp = Blueprint("field_app", __name__)

NO_CACHE = "no-cache"


def _dist() -> Path:
    return Path(current_app.config["PALIER_PWA_DIST"])


@bp.get("/")
def index() -> Response | str:
    """The field app's shell, or a plain page when it has not been built."""
    dist = _dist()
    if (dist / "index.html").exists():
        response = send_from_directory(dist, "index.html", max_age=0)
        response.headers["Cache-Control"] = NO_CACHE
        return response
    return render_template("landing.html")


@bp.get("/<path:filename>")
def asset(filename: str) -> Response:
    """Static files of the field app; hashed assets are cached for a year."""
    dist = _dist()
    if filename.startswith(("api/", "bo/")) or not (dist / filename).is_file():
        abort(404)
    response = send_from_directory(dist, filename)
    if filename.startswith("assets/"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = NO_CACHE
    if filename == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    return response

"""Serves the built field app (pwa/dist) at the site root, gzip-compressed when welcome."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, send_from_directory
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

bp = Blueprint("field_app", __name__)

NO_CACHE = "no-cache"
COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".html", ".json", ".webmanifest", ".svg", ".map"})
MIN_GZIP_BYTES = 1024

# path -> (mtime_ns, size, gzip bytes or None when not worth it, etag): compressed once per build
_gzip_cache: dict[str, tuple[int, int, bytes | None, str]] = {}
_gzip_lock = threading.Lock()


def _dist() -> Path:
    return Path(current_app.config["PALIER_PWA_DIST"])


def _gzipped(path: Path) -> tuple[bytes, str] | None:
    """The file gzip-compressed and its ETag, kept in memory until the file changes."""
    stat = path.stat()
    key = str(path)
    cached = _gzip_cache.get(key)
    if cached is None or cached[:2] != (stat.st_mtime_ns, stat.st_size):
        with _gzip_lock:
            data = path.read_bytes()
            packed: bytes | None = gzip.compress(data, compresslevel=9, mtime=0)
            if len(data) < MIN_GZIP_BYTES or len(packed) >= len(data):  # type: ignore[arg-type]
                packed = None
            digest = hashlib.sha256(packed or b"").hexdigest()[:32]
            cached = (stat.st_mtime_ns, stat.st_size, packed, f"{digest}-gzip")
            _gzip_cache[key] = cached
    return None if cached[2] is None else (cached[2], cached[3])


def _accepts_gzip() -> bool:
    # a range of the compressed bytes would not be a range of the file: ranges stay plain
    return request.accept_encodings["gzip"] > 0 and "Range" not in request.headers


def _send(dist: Path, filename: str, path: Path) -> Response:
    """The file (`path`, inside `dist`), gzip-encoded when that helps and the client accepts it."""
    packed = None
    if path.suffix in COMPRESSIBLE and _accepts_gzip():
        packed = _gzipped(path)
    if packed is None:
        response = send_from_directory(dist, filename)
    else:
        data, etag = packed
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = Response(data, mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(etag)
        response.make_conditional(request)
    response.vary.add("Accept-Encoding")
    return response


@bp.get("/")
def index() -> Response | str:
    """The field app's shell, or a plain page when it has not been built."""
    dist = _dist()
    if (dist / "index.html").exists():
        response = _send(dist, "index.html", dist / "index.html")
        response.headers["Cache-Control"] = NO_CACHE
        return response
    return render_template("landing.html")


@bp.get("/<path:filename>")
def asset(filename: str) -> Response:
    """Static files of the field app; hashed assets are cached for a year."""
    dist = _dist()
    safe = safe_join(str(dist), filename)
    if filename.startswith(("api/", "bo/")) or safe is None or not Path(safe).is_file():
        abort(404)
    response = _send(dist, filename, Path(safe))  # type: ignore[arg-type]
    if filename.startswith("assets/"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = NO_CACHE
    if filename == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    return response

"""One JSON error shape for the API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from server.config import MAX_REQUEST_BYTES
from sync.errors import ProtocolError

HTTP_MESSAGES = {
    400: ("bad_request", "Requête invalide."),
    401: ("unauthorized", "Authentification requise."),
    403: ("forbidden", "Vous n'avez pas accès à cette ressource."),
    404: ("not_found", "Ressource introuvable."),
    405: ("method_not_allowed", "Méthode non autorisée."),
    413: (
        "payload_too_large",
        f"La requête est trop volumineuse ({MAX_REQUEST_BYTES // (1024 * 1024)} Mio au plus).",
    ),
    415: ("unsupported_media_type", "Type de contenu non pris en charge."),
    429: ("too_many_requests", "Trop de tentatives, réessayez plus tard."),
    431: ("headers_too_large", "Les en-têtes de la requête sont trop volumineux."),
    500: ("internal_error", "Erreur interne du serveur. L'incident a été enregistré."),
    501: ("not_implemented", "Le serveur ne prend pas en charge cette requête."),
}


class ApiError(Exception):
    """An error returned to an API client with a stable code and a French message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.extra = extra or {}


def error_response(
    status: int,
    code: str,
    message: str,
    fields: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """Build the one JSON error response."""
    body: dict[str, Any] = {"error": {"code": code, "message": message, "fields": fields or {}}}
    body.update(extra or {})
    response = jsonify(body)
    response.status_code = status
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    """Install handlers so every API error, 404 and 500 included, has the same shape."""

    @app.errorhandler(ApiError)
    def _api_error(err: ApiError) -> Response:
        return error_response(err.status, err.code, err.message, err.fields, err.extra)

    @app.errorhandler(ProtocolError)
    def _protocol_error(err: ProtocolError) -> Response:
        return error_response(err.status, err.code, err.message, err.fields)

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException) -> Response | tuple[str, int]:
        status = err.code or 500
        code, message = HTTP_MESSAGES.get(status, ("http_error", err.description or "Erreur."))
        if _wants_json():
            return error_response(status, code, message)
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def _unexpected(err: Exception) -> Response | tuple[str, int]:
        app.logger.exception("Unhandled error", exc_info=err)
        code, message = HTTP_MESSAGES[500]
        if _wants_json():
            return error_response(500, code, message)
        return render_template("error.html", status=500, message=message), 500

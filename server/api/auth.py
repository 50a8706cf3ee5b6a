"""Device login and health."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request
from marshmallow import ValidationError

from server.api.rules import device_rules
from server.api.schemas import DeviceLoginResponseSchema, DeviceLoginSchema, HealthSchema
from server.audit import audit
from server.auth import check_credentials, client_address, issue_device
from server.errors import ApiError
from server.extensions import db
from server.throttle import LoginThrottled
from sync.messages import SCHEMA_VERSION

bp = Blueprint("api_auth", __name__, url_prefix="/api/v1")


def load_json(schema: DeviceLoginSchema) -> dict:
    """Parse the request body with a schema, or raise a French validation error."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "Le corps de la requête doit être un objet JSON.")
    try:
        return schema.load(body)
    except ValidationError as err:
        raise ApiError(
            400, "validation_error", "Certains champs sont invalides.", fields=err.messages
        ) from err


@bp.get("/health")
def health() -> Response:
    """Liveness and the sync schema version."""
    return jsonify(HealthSchema().dump({"status": "ok", "schema": SCHEMA_VERSION}))


@bp.post("/auth/device")
def device_login() -> tuple[Response, int]:
    """Exchange a login and password for a device token."""
    data = load_json(DeviceLoginSchema())
    try:
        user = check_credentials(data["login"], data["password"], client_address())
    except LoginThrottled:
        raise ApiError(
            429,
            "too_many_attempts",
            "Trop de tentatives de connexion : réessayez dans quelques minutes.",
        ) from None
    if user is None:
        db.session.commit()
        raise ApiError(401, "invalid_credentials", "Identifiant ou mot de passe incorrect.")
    device, token = issue_device(user, data["device_name"], request.user_agent.string)
    audit("device_login", user.id, target=f"device:{device.id}", details={"name": device.name})
    db.session.commit()
    body = {
        "token": token,
        "device_id": device.id,
        "user": {"id": user.id, "login": user.login, "name": user.name, "role": user.role},
        "schema": SCHEMA_VERSION,
        # a fresh device checks its first visite against these before it ever syncs
        "rules": device_rules(user.role)[0],
        # idle time after which the field app locks its data (PIN or password to unlock)
        "lock_seconds": int(current_app.config["PALIER_DEVICE_LOCK_SECONDS"]),
        # the bailleur's name, printed on the documents the tablet makes offline
        "agence": current_app.config.get("PALIER_AGENCY_NAME") or "",
    }
    return jsonify(DeviceLoginResponseSchema().dump(body)), 201

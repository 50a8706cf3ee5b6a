"""The OpenAPI document, generated from the marshmallow schemas with apispec."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, jsonify

from server.api import schemas
from server.api.push_schema import push_components

bp = Blueprint("api_openapi", __name__, url_prefix="/api/v1")

ERRORS = {"description": "Erreur", "content": {"application/json": {"schema": "Error"}}}
STRING = {"type": "string"}
RULES_SCHEMA = {
    "type": "object",
    "description": (
        "Permissions du rôle et règles de chaque entité qu'il peut écrire : mots-clés JSON "
        "Schema, nullable, format date-time, minDate / maxDaysAhead, et le message français "
        "de chaque règle (messages)."
    ),
    "required": ["schema", "role", "permissions", "entities"],
    "properties": {
        "schema": {"type": "integer"},
        "role": STRING,
        "permissions": {"type": "array", "items": STRING},
        "entities": {"type": "object", "additionalProperties": {"type": "object"}},
        "lock_seconds": {
            "type": "integer",
            "description": "Inactivité (secondes) après laquelle l'application se verrouille",
        },
    },
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def build_spec() -> APISpec:
    """Build the OpenAPI 3 specification of the API."""
    spec = APISpec(
        title="Palier API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "API de synchronisation de Palier"},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name in (
        "Error",
        "Health",
        "DeviceLogin",
        "DeviceLoginResponse",
        "PushResponse",
        "PullResponse",
    ):
        spec.components.schema(name, schema=getattr(schemas, f"{name}Schema"))
    for name, component in push_components().items():
        spec.components.schema(name, component=component)
    spec.components.schema("Rules", component=RULES_SCHEMA)
    secured = [{"bearer": []}]
    spec.path(
        path="/api/v1/health",
        operations={
            "get": {"summary": "État du service", "responses": {"200": _json("Health", "OK")}}
        },
    )
    spec.path(
        path="/api/v1/auth/device",
        operations={
            "post": {
                "summary": "Enregistrer un appareil",
                "requestBody": {"content": {"application/json": {"schema": "DeviceLogin"}}},
                "responses": {
                    "201": _json("DeviceLoginResponse", "Appareil créé"),
                    "401": ERRORS,
                    "429": ERRORS,
                },
            }
        },
    )
    spec.path(
        path="/api/v1/sync/push",
        operations={
            "post": {
                "summary": "Envoyer des mutations",
                "security": secured,
                "requestBody": {"content": {"application/json": {"schema": "PushRequest"}}},
                "responses": {
                    "200": _json("PushResponse", "Résultats"),
                    "409": ERRORS,
                    "413": ERRORS,
                    "426": ERRORS,
                },
            }
        },
    )
    spec.path(
        path="/api/v1/rules",
        operations={
            "get": {
                "summary": "Règles de saisie du rôle (ETag ; 304 si inchangées)",
                "security": secured,
                "parameters": [{"name": "If-None-Match", "in": "header", "schema": STRING}],
                "responses": {
                    "200": _json("Rules", "Règles"),
                    "304": {"description": "Inchangées"},
                    "401": ERRORS,
                },
            }
        },
    )
    spec.path(
        path="/api/v1/sync/pull",
        operations={
            "get": {
                "summary": "Recevoir les changements",
                "security": secured,
                "parameters": [
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {"200": _json("PullResponse", "Changements"), "400": ERRORS},
            }
        },
    )
    blob_param = [{"name": "sha256", "in": "path", "required": True, "schema": {"type": "string"}}]
    spec.path(
        path="/api/v1/blobs/{sha256}",
        operations={
            "head": {
                "summary": "Le fichier existe-t-il ?",
                "security": secured,
                "parameters": blob_param,
                "responses": {"200": {"description": "Présent"}, "404": {"description": "Absent"}},
            },
            "put": {
                "summary": "Déposer une photo",
                "security": secured,
                "parameters": blob_param,
                "requestBody": {
                    "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
                },
                "responses": {
                    "201": {"description": "Stocké"},
                    "200": {"description": "Déjà présent"},
                    "400": ERRORS,
                    "413": ERRORS,
                },
            },
            "get": {
                "summary": "Lire une photo",
                "security": secured,
                "parameters": blob_param,
                "responses": {"200": {"description": "JPEG"}, "404": ERRORS},
            },
        },
    )
    spec.path(
        path="/api/v1/blobs/{sha256}/thumb",
        operations={
            "get": {
                "summary": "Vignette",
                "security": secured,
                "parameters": blob_param,
                "responses": {"200": {"description": "JPEG"}, "404": ERRORS},
            }
        },
    )
    return spec


@bp.get("/openapi.json")
def openapi() -> Response:
    """Serve the OpenAPI document."""
    return jsonify(build_spec().to_dict())

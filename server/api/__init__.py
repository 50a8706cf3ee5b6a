"""The JSON API under /api/v1: one blueprint per area."""

from flask import Flask

from server.extensions import csrf


def register_api(app: Flask) -> None:
    """Register every API blueprint; they use bearer tokens, so no CSRF."""
    from server.api.auth import bp as auth_bp
    from server.api.blobs import bp as blobs_bp
    from server.api.documents import bp as documents_bp
    from server.api.openapi import bp as openapi_bp
    from server.api.rules import bp as rules_bp
    from server.api.sync import bp as sync_bp

    for blueprint in (auth_bp, openapi_bp, rules_bp, sync_bp, blobs_bp, documents_bp):
        csrf.exempt(blueprint)
        app.register_blueprint(blueprint)

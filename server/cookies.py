"""The session cookie's `Secure` flag (PALIER_SECURE_COOKIES) and the proxy in front (hops)."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class PalierSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, `Secure` as configured: `auto` follows the request's scheme."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Whether the session cookie is sent with `Secure`."""
        mode = app.config["PALIER_SECURE_COOKIES"]
        if mode == "auto":
            return has_request_context() and request.is_secure
        return mode == "on"


def configure_cookies(app: Flask) -> None:
    """Install the session interface; trust X-Forwarded-For/-Proto from PALIER_PROXY_HOPS
    proxies so that the client's address (login throttling) and HTTPS are the real ones."""
    app.session_interface = PalierSessionInterface()
    hops = app.config["PALIER_PROXY_HOPS"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from server.extensions import db
from server.models import AuditEntry


def audit(
    action: str, user_id: int | None, target: str = "", details: dict[str, Any] | None = None
) -> None:
    """Add an audit entry to the current transaction."""
    ip = request.remote_addr or "" if has_request_context() else ""
    db.session.add(
        AuditEntry(action=action, user_id=user_id, target=target, details=details or {}, ip=ip)
    )

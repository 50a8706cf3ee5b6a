"""CSV exports of the back office: audited, then sent as a dated attachment never cached."""

from __future__ import annotations

from typing import Any

from flask import Response, g

from server.audit import audit
from server.extensions import db
from server.models.base import utcnow


def csv_export(name: str, text: str, lines: int, filters: dict[str, Any]) -> Response:
    """Log the export (who, which filters, how many lines), commit, and send `<name>-<date>.csv`."""
    audit("export", g.user.id, target=f"{name}.csv", details={"filtres": filters, "lignes": lines})
    db.session.commit()
    filename = f"{name}-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )

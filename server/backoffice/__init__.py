"""The back office: server-rendered French pages behind a session login."""

from typing import Any

from flask import Blueprint, g

from server.backoffice.labels import ROLE_LABELS, format_datetime
from server.policy import is_allowed

bp = Blueprint("backoffice", __name__, url_prefix="/bo", template_folder="../templates")
bp.add_app_template_filter(format_datetime, "datetime_fr")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    def can(action: str) -> bool:
        user = g.get("user")
        return user is not None and is_allowed(user.role, action, None, None)

    return {"can": can, "ROLE_LABELS": ROLE_LABELS}


from server.backoffice import (  # noqa: E402,F401
    blob_views,
    conflict_views,
    decompte_views,
    delete_views,
    device_views,
    edl_views,
    permanence_views,
    reclamation_views,
    referentiel_views,
    report_views,
    retention_views,
    review_views,
    session_views,
    subject_views,
    troubles_views,
    user_views,
)

"""Devices: list them, revoke and wipe one."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from server.backoffice import bp
from server.backoffice.devices import revoke
from server.backoffice.session import login_required
from server.dashboard import device_rows
from server.extensions import db
from server.models import Device


@bp.get("/appareils")
@login_required("backoffice.access")
def devices() -> str:
    """Every device with its user, last sync, open conflicts and app version."""
    return render_template("backoffice/devices.html", rows=device_rows())


@bp.post("/appareils/<device_id>/revoquer")
@login_required("device.revoke")
def device_revoke(device_id: str) -> Response:
    """Revoke a device: at its next call it is refused and wipes its local data."""
    device = db.session.get(Device, device_id)
    if device is None:
        abort(404)
    if revoke(g.user, device):
        db.session.commit()
        flash(f"L'appareil « {device.name} » est révoqué : il effacera ses données.", "success")
    else:
        flash("Cet appareil était déjà révoqué.", "info")
    return redirect(url_for("backoffice.devices"))

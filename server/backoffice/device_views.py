"""Devices: list them recognisably; revoke and wipe one after a confirmation page."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.backoffice import bp
from server.backoffice.devices import revoke
from server.backoffice.session import login_required
from server.dashboard import device_rows
from server.extensions import db
from server.models import Device
from server.policy import may_revoke_device

CONFIRM_FIELD = "confirmer"


@bp.get("/appareils")
@login_required("backoffice.access")
def devices() -> str:
    """Every device with its user, first and last contact, app version and unsent items."""
    return render_template("backoffice/devices.html", rows=device_rows(), may_revoke=_may_revoke)


def _may_revoke(owner_role: str) -> bool:
    return may_revoke_device(g.user.role, owner_role)


def _revocable_or_404(device_id: str) -> Device:
    device = db.session.get(Device, device_id)
    if device is None:
        abort(404)
    if not _may_revoke(device.user.role):
        abort(403)
    return device


def _confirmation(device: Device, status: int = 200) -> tuple[str, int]:
    (row,) = device_rows(db.select(Device).where(Device.id == device.id))
    return (
        render_template("backoffice/device_revoke.html", row=row, confirm_field=CONFIRM_FIELD),
        status,
    )


@bp.get("/appareils/<device_id>/revoquer")
@login_required("device.revoke")
def device_revoke_confirm(device_id: str) -> Response | tuple[str, int]:
    """What revoking this device would lose, and the button that does it."""
    device = _revocable_or_404(device_id)
    if device.revoked_at is not None:
        flash("Cet appareil était déjà révoqué.", "info")
        return redirect(url_for("backoffice.devices"))
    return _confirmation(device)


@bp.post("/appareils/<device_id>/revoquer")
@login_required("device.revoke")
def device_revoke(device_id: str) -> Response | tuple[str, int]:
    """Revoke a device: at its next call it is refused and wipes its local data."""
    device = _revocable_or_404(device_id)
    if device.revoked_at is None and request.form.get(CONFIRM_FIELD) != "oui":
        flash("Cochez la case pour confirmer la révocation.", "error")
        return _confirmation(device, 400)
    if revoke(g.user, device):
        db.session.commit()
        flash(f"L'appareil « {device.name} » est révoqué : il effacera ses données.", "success")
    else:
        flash("Cet appareil était déjà révoqué.", "info")
    return redirect(url_for("backoffice.devices"))

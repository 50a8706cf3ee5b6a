"""Revoking a device from the back office."""

from __future__ import annotations

from server.audit import audit
from server.auth import revoke_device
from server.models import Device, User


def revoke(actor: User, device: Device) -> bool:
    """Revoke a device so it wipes its data at its next call; returns False if it already was."""
    if device.revoked_at is not None:
        return False
    revoke_device(device)
    audit(
        "device_revoke",
        actor.id,
        target=f"device:{device.id}",
        details={"via": "backoffice", "name": device.name, "user_id": device.user_id},
    )
    return True

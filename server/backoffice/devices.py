"""Devices as the back office lists them: owner, last sync, open conflicts, mutations received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, distinct, func, select

from server.audit import audit
from server.auth import revoke_device
from server.extensions import db
from server.models import Conflict, Device, MutationLog, User


@dataclass
class DeviceRow:
    """One device with its figures."""

    device: Device
    user_name: str
    open_conflicts: int
    mutations: int


def _conflict_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(MutationLog.device_id, func.count(distinct(Conflict.id)))
        .join(
            Conflict,
            (Conflict.record_id == MutationLog.record_id) & (Conflict.entity == MutationLog.entity),
        )
        .where(Conflict.status == "open", MutationLog.device_id.is_not(None))
        .group_by(MutationLog.device_id)
    )
    return {device_id: count for device_id, count in rows}


def _mutation_counts(device_ids: list[str]) -> dict[str, int]:
    rows = db.session.execute(
        select(MutationLog.device_id, func.count(MutationLog.id))
        .where(MutationLog.device_id.in_(device_ids))
        .group_by(MutationLog.device_id)
    )
    return {device_id: count for device_id, count in rows}


def device_rows(statement: Select | None = None) -> list[DeviceRow]:
    """Devices (all, or those `statement` selects) with their owner and figures."""
    if statement is None:
        statement = select(Device).order_by(Device.revoked_at.is_not(None), Device.created_at.desc())
    devices = list(db.session.execute(statement).scalars())
    users = dict(db.session.execute(select(User.id, User.name)).all())
    conflicts = _conflict_counts()
    mutations = _mutation_counts([d.id for d in devices])
    return [
        DeviceRow(d, users.get(d.user_id, "—"), conflicts.get(d.id, 0), mutations.get(d.id, 0))
        for d in devices
    ]


def stale_devices(before: datetime) -> list[DeviceRow]:
    """Active devices that have not synced since `before` (or never)."""
    statement = (
        select(Device)
        .where(Device.revoked_at.is_(None))
        .where((Device.last_sync_at.is_(None)) | (Device.last_sync_at < before))
        .order_by(Device.last_sync_at.is_(None).desc(), Device.last_sync_at, Device.name)
    )
    return device_rows(statement)


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

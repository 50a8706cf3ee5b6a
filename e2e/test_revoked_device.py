"""Issue 4, e2e 5: a revoked device wipes its local data on its next contact with the server."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.pages import (
    expect_synced,
    idb_counts,
    idb_visite,
    login,
    new_visite,
    open_logement,
    press_sync_if_still_there,
    screen_alerts,
)
from e2e.support import wait_until

NOTICE = "Cet appareil a été révoqué : ses données locales ont été effacées."


def test_revoked_device_wipes_its_local_data(server, devices):
    page = devices("tablette")
    login(page, server.url)
    open_logement(page, server.logement("RES-TIL-C-C104"))
    visite_id = new_visite(page, "Enquête d'occupation", "Deux occupants présents.")
    expect_synced(page)
    wait_until(lambda: server.visite(visite_id), message="the visite in the database")
    held = idb_counts(page)
    assert held["logement"] == 300 and held["locataire"] > 0 and held["meta"] > 0
    assert idb_visite(page, visite_id) is not None

    (device,) = server.devices_of("gestionnaire")
    assert device["revoked_at"] is None
    out = server.cli("device", "revoke", device["id"])
    assert "révoqué" in out
    assert server.devices_of("gestionnaire")[0]["revoked_at"] is not None

    # Its next contact: the press, unless the app's own retry loop got there first.
    press_sync_if_still_there(page)
    login_form = page.get_by_role("form", name="Connexion")
    expect(login_form).to_be_visible()
    expect(screen_alerts(page)).to_have_text(NOTICE)
    wait_until(
        lambda: not any(idb_counts(page).values()),
        message="an empty IndexedDB",
    )
    assert idb_visite(page, visite_id) is None

    # Nothing comes back after a reload: the device must log in again.
    page.reload()
    expect(page.get_by_role("form", name="Connexion")).to_be_visible()
    assert not any(idb_counts(page).values())

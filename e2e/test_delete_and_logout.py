"""Issue 8, missing controls: a visite deleted on the tablet is deleted on the server (the back
office says who did it); logging out says what is unsent, keeps it on "Annuler", and wipes the
device once confirmed."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.pages import (
    bo_login,
    expect_pending,
    expect_synced,
    idb_counts,
    idb_holds,
    idb_visite,
    login,
    new_visite,
    open_logement,
    open_visite,
    screen_alerts,
    status_bar,
)
from e2e.support import wait_until

LOGGED_OUT = "Vous êtes déconnecté : les données de cet appareil ont été effacées."
DATE_TIME = r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"


def test_delete_a_synced_visite_then_log_out(server, devices):
    tablet = devices("tablette")
    login(tablet, server.url)
    logement = server.logement("RES-TIL-C-C104")
    open_logement(tablet, logement)
    visite_id = new_visite(tablet, "Visite technique", "Visite saisie par erreur.")
    expect_synced(tablet)
    wait_until(lambda: server.visite(visite_id), message="the visite in the database")
    wait_until(
        lambda: idb_holds(tablet, "visite", visite_id) and idb_counts(tablet)["localstate"] == 0,
        message="the device's copy accepted by the server",
    )

    # "Supprimer la visite" asks first; the safe choice keeps the visite.
    open_visite(tablet, visite_id)
    form = tablet.get_by_role("form", name="Visite")
    form.get_by_role("button", name="Supprimer la visite").click()
    dialog = tablet.get_by_role("alertdialog", name="Supprimer cette visite ?")
    expect(dialog).to_contain_text(
        "Elle sera supprimée de l’appareil, puis du serveur à la prochaine synchronisation."
    )
    dialog.get_by_role("button", name="Supprimer définitivement").click()
    expect(screen_alerts(tablet)).to_have_text("Visite supprimée.")
    expect(tablet.get_by_role("heading", name=f"Logement {logement['numero']}")).to_be_visible()
    expect_synced(tablet)
    wait_until(lambda: server.visite(visite_id)["deleted"] == 1, message="deleted = 1")
    assert idb_visite(tablet, visite_id) is None

    # The back office's record page says when and by whom.
    user_name = server.scalar("SELECT name FROM user_account WHERE login = 'gestionnaire'")
    (device,) = server.devices_of("gestionnaire")
    bo = devices("back office")
    bo_login(bo, server.url)
    bo.goto(f"{server.url}/bo/visites/{visite_id}")
    banner = bo.get_by_text(re.compile(r"^Supprimée le "))
    expect(banner).to_have_text(
        re.compile(
            rf"^Supprimée le {DATE_TIME} par {re.escape(user_name)} "
            rf"\({re.escape(device['name'])}\)\.$"
        )
    )

    # Logging out with a visite made offline: the dialog says what is unsent; "Annuler" keeps it.
    tablet.context.set_offline(True)
    expect(status_bar(tablet).get_by_test_id("connexion")).to_have_text("Hors ligne")
    offline_id = new_visite(tablet, "Visite technique", "Faite sans réseau.")
    expect_pending(tablet, r"^1 élément en attente")
    logout = tablet.get_by_role("banner").get_by_role("button", name="Se déconnecter")
    logout.click()
    dialog = tablet.get_by_role("alertdialog", name="Se déconnecter de cet appareil ?")
    expect(dialog.locator("strong", has_text="Pas encore envoyé")).to_have_text(
        "Pas encore envoyé : 1 modification."
    )
    expect(dialog).not_to_contain_text("Tout a été envoyé au serveur.")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    expect(tablet.get_by_role("heading", name=f"Logement {logement['numero']}")).to_be_visible()
    expect_pending(tablet, r"^1 élément en attente")
    assert idb_visite(tablet, offline_id)["observations"] == "Faite sans réseau."
    assert idb_counts(tablet)["outbox"] == 1

    # Back online, everything goes; then logging out wipes the device.
    tablet.context.set_offline(False)
    expect_synced(tablet)
    wait_until(lambda: server.visite(offline_id), message="the offline visite in the database")
    logout.click()
    dialog = tablet.get_by_role("alertdialog", name="Se déconnecter de cet appareil ?")
    expect(dialog).to_contain_text("Tout a été envoyé au serveur.")
    expect(dialog).not_to_contain_text("Pas encore envoyé")
    dialog.get_by_role("button", name="Se déconnecter et effacer").click()
    expect(tablet.get_by_role("form", name="Connexion")).to_be_visible()
    expect(screen_alerts(tablet)).to_have_text(LOGGED_OUT)
    wait_until(lambda: not any(idb_counts(tablet).values()), message="an empty IndexedDB")
    assert idb_visite(tablet, offline_id) is None
    assert idb_visite(tablet, visite_id) is None

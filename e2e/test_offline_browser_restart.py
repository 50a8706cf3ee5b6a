"""Issue 4, e2e 2: no network at all (context.set_offline), a visite with a photo, the browser
closed and opened again while still offline; back online, it lands exactly once."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from e2e.pages import (
    expect_pending,
    expect_synced,
    idb_counts,
    idb_visite,
    login,
    new_visite,
    open_logement,
    status_bar,
    unlock,
    wait_offline_ready,
)
from e2e.support import jpeg_with_gps, wait_until

# The app boots, opens IndexedDB and tries the network before it can say how it is connected:
# generous on a busy machine (expect polls; nothing sleeps).
OFFLINE_SEEN = 20_000


def test_visite_made_offline_survives_a_browser_restart(server, persistent_device, tmp_path: Path):
    logement = server.logement("RES-GRA-B-B203")
    page = persistent_device.launch()
    login(page, server.url)
    held = idb_counts(page)
    assert held["logement"] == 300 and held["residence"] == 3  # the whole secteur 1

    persistent_device.context.set_offline(True)
    bar = status_bar(page)
    expect(bar.get_by_test_id("connexion")).to_have_text("Hors ligne", timeout=OFFLINE_SEEN)
    response = page.reload()
    assert response is not None and response.from_service_worker
    unlock(page)  # a page load starts locked: the data key is not kept beside the data
    # Whether this Chromium keeps navigator.onLine true after the reload or not, the app reads
    # "Hors ligne": its first request gets no answer.
    expect(bar.get_by_test_id("connexion")).to_have_text("Hors ligne", timeout=OFFLINE_SEEN)

    open_logement(page, logement)
    photo = jpeg_with_gps(tmp_path / "facade.jpg", colour=(180, 120, 60))
    visite_id = new_visite(
        page,
        type_label="Visite de courtoisie",
        observations="Accueil du nouveau locataire, compteurs relevés.",
        photo=photo,
    )
    expect_pending(page, r"^1 élément et 1 photo en attente \(\d")

    # The browser closes (tablet restarted) and opens again, still without network.
    persistent_device.close()
    page = persistent_device.launch(offline=True)
    response = page.goto(server.url + "/")
    assert response is not None and response.from_service_worker
    unlock(page)
    wait_offline_ready(page)
    bar = status_bar(page)
    expect(bar.get_by_test_id("connexion")).to_have_text("Hors ligne", timeout=OFFLINE_SEEN)
    expect_pending(page, r"^1 élément et 1 photo en attente \(\d")
    queued = idb_visite(page, visite_id)
    assert queued is not None and queued["observations"].startswith("Accueil du nouveau")
    assert idb_counts(page)["outbox"] == 2
    open_logement(page, logement)
    visites = page.get_by_role("region", name="Visites").get_by_role("link")
    expect(visites.filter(has_text="Visite de courtoisie")).to_contain_text("En attente d'envoi")
    assert server.scalar("SELECT count(*) FROM visite") == 0

    # Back online: the `online` event starts a sync by itself.
    persistent_device.context.set_offline(False)
    expect(bar.get_by_test_id("connexion")).to_have_text("En ligne", timeout=OFFLINE_SEEN)
    expect_synced(page)
    row = wait_until(lambda: server.visite(visite_id), message="the visite in the database")
    assert row["type"] == "courtoisie"
    assert row["logement_id"] == logement["id"]
    assert server.scalar("SELECT count(*) FROM visite") == 1
    photos = server.query("SELECT * FROM photo")
    assert len(photos) == 1 and photos[0]["owner_record"] == visite_id
    assert server.scalar("SELECT count(*) FROM blob") == 1
    assert server.scalar("SELECT count(*) FROM mutation_log") == 2
    sha = photos[0]["sha256"]
    assert [f.name for f in server.blob_files()] == [f"{sha}.jpg"]
    with Image.open(server.blob_files()[0]) as stored:
        assert len(stored.getexif()) == 0
    assert idb_counts(page)["outbox"] == 0
    expect(visites.filter(has_text="Visite de courtoisie")).to_contain_text(re.compile("Reçue"))

"""Issue 4, e2e 1: the server process stops; the app still opens and records a visite with a
photo; once the server is back, the visite and its photo land exactly once, without EXIF."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from e2e.pages import (
    expect_pending,
    expect_synced,
    login,
    new_visite,
    open_logement,
    status_bar,
    sync_now,
    unlock,
)
from e2e.support import jpeg_with_gps, wait_until


def test_visite_with_photo_made_while_server_is_down_lands_once(server, devices, tmp_path: Path):
    page = devices("tablette")
    login(page, server.url)
    logement = server.logement("RES-TIL-A-A101")

    server.stop()
    response = page.reload()
    assert response is not None and response.from_service_worker, (
        "with the server stopped, the app must come from the service worker"
    )
    unlock(page)
    bar = status_bar(page)
    # navigator.onLine stays true; a request with no answer is offline all the same.
    expect(bar.get_by_test_id("connexion")).to_have_text("Hors ligne")
    expect(page.get_by_role("heading", name="Logements", exact=True)).to_be_visible()

    open_logement(page, logement)
    photo = jpeg_with_gps(tmp_path / "compteur.jpg")
    visite_id = new_visite(
        page,
        type_label="Visite technique",
        observations="Fuite sous l'évier, joint à changer.",
        photo=photo,
    )
    expect_pending(page, r"^1 élément et 1 photo en attente \(\d")
    visites = page.get_by_role("region", name="Visites").get_by_role("link")
    expect(visites.filter(has_text="Visite technique")).to_contain_text("En attente d'envoi")
    assert server.scalar("SELECT count(*) FROM visite") == 0

    server.start()
    sync_now(page)
    expect_synced(page)
    expect(bar.get_by_test_id("connexion")).to_have_text("En ligne")

    row = wait_until(lambda: server.visite(visite_id), message="the visite in the database")
    assert row["type"] == "technique"
    assert row["observations"] == "Fuite sous l'évier, joint à changer."
    assert row["logement_id"] == logement["id"]
    assert row["review_state"] == "recu"

    # Once more: nothing is sent twice.
    sync_now(page)
    expect_synced(page)
    assert server.scalar("SELECT count(*) FROM visite") == 1
    photos = server.query("SELECT * FROM photo")
    assert len(photos) == 1
    assert photos[0]["owner_record"] == visite_id
    assert re.fullmatch(r"[0-9a-f]{64}", photos[0]["sha256"])
    assert server.scalar("SELECT count(*) FROM blob") == 1
    assert server.scalar("SELECT count(*) FROM mutation_log WHERE status != 'duplicate'") == 2
    assert server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'applied'") == 2
    assert json.loads(row["photo_ids"]) == [photos[0]["id"]]

    sha = photos[0]["sha256"]
    files = server.blob_files()
    assert [f.name for f in files] == [f"{sha}.jpg"]
    assert files[0] == server.blob_dir / sha[:2] / sha[2:4] / f"{sha}.jpg"
    with Image.open(files[0]) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) <= 2048
        assert len(stored.getexif()) == 0, "the stored photo must carry no EXIF"
        assert "exif" not in stored.info
    expect(visites.filter(has_text="Visite technique")).to_contain_text("Reçue")

"""Issue 8, devices in the back office: each is recognisable (name given at login, app version,
unsent items at its last contact) and "Révoquer et effacer…" asks first, warning when the device
still held unsent items.

To leave unsent items at the device's last contact without racing its sync, the tablet is put on
a weak connection where large uploads fail: its photo's PUT is cut (it never reaches the server)
while the small requests go through, so every retry tells the server what still waits (a visite,
its photo record and the photo's bytes: 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Route, expect

from e2e.pages import (
    bo_login,
    expect_pending,
    expect_synced,
    new_visite,
    open_logement,
    status_bar,
    sync_now,
)
from e2e.support import DEMO_PASSWORD, PWA_DIR, jpeg_with_gps, wait_until

DATE_TIME = r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"
BLOBS = "**/api/v1/blobs/**"
TABLET_NAME = "Tablette 2 — agence Vaulx"


def log_in_as_named_tablet(page, base_url: str) -> None:
    """Log in as the gestionnaire, naming the device; wait for the first sync."""
    page.goto(base_url + "/")
    form = page.get_by_role("form", name="Connexion")
    form.get_by_label("Identifiant").fill("gestionnaire")
    form.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    form.get_by_label("Nom de cet appareil").fill(TABLET_NAME)
    form.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Logements", exact=True)).to_be_visible()
    expect_synced(page, timeout=60_000)
    expect(page.get_by_role("link", name="Les Tilleuls")).to_be_visible()


def test_devices_page_and_revoke_confirmation(server, devices, tmp_path: Path):
    app_version = json.loads((PWA_DIR / "package.json").read_text())["version"]
    tablet = devices("tablette")
    log_in_as_named_tablet(tablet, server.url)
    (device,) = server.devices_of("gestionnaire")
    assert device["name"] == TABLET_NAME
    user_name = server.scalar("SELECT name FROM user_account WHERE login = 'gestionnaire'")
    wait_until(
        lambda: server.devices_of("gestionnaire")[0]["pending_count"] == 0,
        message="the device's first facts",
    )
    assert server.devices_of("gestionnaire")[0]["app_version"] == app_version

    # A visite with a photo made offline; back online, only the photo's upload fails.
    tablet.context.set_offline(True)
    expect(status_bar(tablet).get_by_test_id("connexion")).to_have_text("Hors ligne")
    open_logement(tablet, server.logement("RES-GRA-B-B203"))
    visite_id = new_visite(
        tablet, "Visite technique", "Fuite sous l'évier.", photo=jpeg_with_gps(tmp_path / "e.jpg")
    )
    expect_pending(tablet, r"^1 élément et 1 photo en attente")
    cut: list[str] = []

    def weak_connection(route: Route) -> None:
        if route.request.method == "PUT":
            cut.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    tablet.context.route(BLOBS, weak_connection)
    # Route handlers run while Playwright waits: wait for the cut upload through it.
    with tablet.expect_event("requestfailed", lambda r: r.method == "PUT"):
        tablet.context.set_offline(False)
    assert cut and "/api/v1/blobs/" in cut[0]
    wait_until(
        lambda: server.devices_of("gestionnaire")[0]["pending_count"] == 3,
        message="3 unsent items reported at the last contact",
    )
    assert server.visite(visite_id) is None
    expect_pending(tablet, r"^1 élément et 1 photo en attente")

    # The devices page: name, user, app version, unsent items at the last contact.
    bo = devices("back office")
    bo_login(bo, server.url)
    bo.goto(f"{server.url}/bo/appareils")
    expect(bo.get_by_role("heading", name="Appareils", exact=True)).to_be_visible()
    headers = bo.get_by_role("columnheader")
    expect(headers.nth(0)).to_have_text("Appareil")
    expect(headers.nth(5)).to_have_text("Version de l'application")
    expect(headers.nth(6)).to_have_text("Non envoyés au dernier contact")
    row = bo.get_by_role("row").filter(has_text=TABLET_NAME)
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(TABLET_NAME)
    expect(cells.nth(1)).to_contain_text(user_name)
    expect(cells.nth(5)).to_have_text(app_version)
    expect(cells.nth(6)).to_have_text(re.compile(rf"^3 le {DATE_TIME}$"))

    # "Révoquer et effacer…" leads to a confirmation page that warns about them.
    row.get_by_role("link", name="Révoquer et effacer…").click()
    expect(bo.get_by_role("heading", level=1)).to_have_text(
        f"Révoquer et effacer « {TABLET_NAME} » ?"
    )
    expect(bo.get_by_role("row", name="Version de l'application")).to_contain_text(app_version)
    expect(bo.get_by_text(re.compile(r"^Cet appareil avait "))).to_have_text(
        re.compile(
            rf"^Cet appareil avait 3 élément\(s\) non envoyé\(s\) le {DATE_TIME} : "
            r"ils seront perdus\.$"
        )
    )
    bo.get_by_role("link", name="Annuler").click()
    expect(bo.get_by_role("heading", name="Appareils", exact=True)).to_be_visible()
    assert server.devices_of("gestionnaire")[0]["revoked_at"] is None

    # A good connection again: all lands, the device reports nothing left, no warning then.
    tablet.context.unroute(BLOBS, weak_connection)
    sync_now(tablet)
    expect_synced(tablet)
    wait_until(lambda: server.visite(visite_id), message="the visite in the database")
    wait_until(
        lambda: server.devices_of("gestionnaire")[0]["pending_count"] == 0,
        message="nothing unsent at the last contact",
    )
    bo.reload()
    expect(row.get_by_role("cell").nth(6)).to_have_text(re.compile(rf"^0 le {DATE_TIME}$"))
    row.get_by_role("link", name="Révoquer et effacer…").click()
    expect(bo.get_by_text(re.compile(r"^À son dernier contact"))).to_have_text(
        re.compile(rf"^À son dernier contact \({DATE_TIME}\), l'appareil n'avait rien à envoyer\.$")
    )
    expect(bo.get_by_text(re.compile(r"^Cet appareil avait "))).to_have_count(0)

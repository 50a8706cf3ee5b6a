"""Issue 8, items 1 and 3: the tablet checks the server's rules before "Valider"; when the server
still refuses a visite (here: a tablet whose clock runs ten days ahead), its photo waits with it
and lands with the correction."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from e2e.pages import (
    VALIDATED,
    expect_synced,
    login,
    open_logement,
    screen_alerts,
    status_bar,
    visite_id_from_url,
)
from e2e.support import jpeg_with_gps, wait_until

TOO_EARLY = "Date hors des limites (le 01/01/2000 au plus tôt)."


def test_the_tablet_refuses_what_the_server_would_refuse(server, devices):
    page = devices("tablette")
    login(page, server.url)
    open_logement(page, server.logement("RES-TIL-B-B302"))
    page.get_by_role("button", name="Nouvelle visite").click()
    form = page.get_by_role("form", name="Visite")
    form.get_by_label("Type de visite").select_option(label="Visite technique")
    form.get_by_label("Réalisée le").fill("1999-12-31T10:00")
    form.get_by_label("Observations").fill("x" * 100_000)
    form.get_by_role("button", name="Valider la visite").click()

    field = form.get_by_label("Réalisée le")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_text(TOO_EARLY)).to_be_visible()
    expect(screen_alerts(page).filter(has_text=VALIDATED)).to_have_count(0)
    # The text area stops at the server's maximum: nothing longer can be typed.
    assert len(form.get_by_label("Observations").input_value()) == 20_000
    expect(status_bar(page).get_by_test_id("en-attente")).to_have_text("Rien en attente")
    assert server.scalar("SELECT count(*) FROM mutation_log") == 0

    form.get_by_label("Réalisée le").fill("2026-06-15T10:00")
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(page)).to_have_text(VALIDATED)
    expect_synced(page)
    assert server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'applied'") == 1


def test_the_gardien_is_offered_only_the_visites_de_courtoisie(server, devices):
    page = devices("téléphone")
    login(page, server.url, user="gardien")
    open_logement(page, server.logement("RES-TIL-A-A101"))
    page.get_by_role("button", name="Nouvelle visite").click()
    kind = page.get_by_role("form", name="Visite").get_by_label("Type de visite")
    expect(kind.locator("option", has_text="Visite de courtoisie")).to_have_count(1)
    options = [o.strip() for o in kind.locator("option").all_inner_texts()]
    assert [o for o in options if o.startswith("Visite")] == ["Visite de courtoisie"]


def test_a_refused_visite_keeps_its_photo_through_the_correction(server, devices, tmp_path: Path):
    page = devices("tablette")
    ahead = datetime.now() + timedelta(days=10)
    page.context.clock.install(time=ahead)  # the tablet's clock runs ten days ahead
    login(page, server.url)
    logement = server.logement("RES-TIL-B-B302")
    open_logement(page, logement)
    page.get_by_role("button", name="Nouvelle visite").click()
    form = page.get_by_role("form", name="Visite")
    visite_id = visite_id_from_url(page.url)
    form.get_by_label("Type de visite").select_option(label="Visite technique")
    form.get_by_label("Réalisée le").fill(ahead.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Observations").fill("Radiateur de la chambre froid.")
    form.get_by_label("Ajouter une photo").set_input_files(str(jpeg_with_gps(tmp_path / "r.jpg")))
    expect(form.get_by_role("img", name="Photo 1")).to_be_visible()
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(page)).to_have_text(VALIDATED)

    wait_until(
        lambda: server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'rejected'"),
        message="the refused visite in the server's ledger",
    )
    bar = status_bar(page)
    expect(bar.get_by_role("link", name="À traiter (1)")).to_be_visible()
    bar.get_by_role("link", name="À traiter (1)").click()
    refused = page.get_by_role("region", name="Modifications refusées (1)")
    card = refused.locator("li.card")
    expect(card).to_have_count(1)  # the visite only: its photo waits with it
    expect(card).to_contain_text("Visite refusée le")
    expect(card).to_contain_text(f"Visite technique — logement {logement['numero']}")
    expect(card).to_contain_text("Date hors des limites")

    card.get_by_role("button", name="Ouvrir et corriger").click()
    form = page.get_by_role("form", name="Visite")
    expect(form.get_by_role("img", name="Photo 1")).to_be_visible()
    today = datetime.now().strftime("%Y-%m-%dT%H:%M")
    form.get_by_label("Réalisée le").fill(today)
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(page)).to_have_text(VALIDATED)
    expect_synced(page)

    row = wait_until(lambda: server.visite(visite_id), message="the corrected visite")
    assert row["realisee_le"].startswith(today)
    photos = server.query("SELECT sha256 FROM photo WHERE owner_record = ?", (visite_id,))
    assert len(photos) == 1
    assert any(photos[0]["sha256"] in p.name for p in server.blob_files())
    statuses = [r[0] for r in server.query("SELECT status FROM mutation_log ORDER BY seq")]
    # The first push: the visite refused, its photo held back; the correction sends both again.
    assert statuses == ["rejected", "rejected", "applied", "applied"]
    expect(bar.get_by_role("link", name="À traiter (0)")).to_be_visible()

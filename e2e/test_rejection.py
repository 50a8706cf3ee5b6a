"""Issue 4, e2e 4: a mutation the server rejects shows in the app with its French reason, and
the user corrects it: the corrected visite reaches the central database, the rejection goes."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.pages import (
    VALIDATED,
    expect_synced,
    login,
    new_visite,
    open_logement,
    screen_alerts,
    status_bar,
)
from e2e.support import wait_until

REASON = "Date hors des limites (2000 à 2100)."


def test_rejected_visite_shows_the_reason_and_can_be_corrected(server, devices):
    page = devices("tablette")
    login(page, server.url)
    logement = server.logement("RES-TIL-B-B302")
    open_logement(page, logement)
    # The form accepts any date; the server refuses one outside 2000–2100.
    visite_id = new_visite(
        page, "Visite technique", "Radiateur de la chambre froid.", realisee_le="1999-06-15T10:00"
    )
    expect_synced(page)
    wait_until(
        lambda: server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'rejected'"),
        message="the rejected mutation in the server's ledger",
    )
    assert server.visite(visite_id) is None

    bar = status_bar(page)
    expect(bar.get_by_role("link", name="À traiter (1)")).to_be_visible()
    bar.get_by_role("link", name="À traiter (1)").click()
    refused = page.get_by_role("region", name="Modifications refusées (1)")
    expect(refused).to_be_visible()
    card = refused.get_by_role("listitem").filter(has_text="Visite refusée le")
    expect(card).to_contain_text("Certains champs sont invalides.")
    expect(card).to_contain_text(f"Réalisée le : {REASON}")

    card.get_by_role("button", name="Ouvrir et corriger").click()
    form = page.get_by_role("form", name="Visite")
    expect(form).to_be_visible()
    assert re.search(rf"#/visite/{visite_id}\b", page.url)
    expect(screen_alerts(page).filter(has_text="Refusée par le serveur")).to_contain_text(REASON)
    expect(form.get_by_text(REASON)).to_be_visible()  # beside the field
    expect(form.get_by_label("Réalisée le")).to_have_attribute("aria-invalid", "true")

    form.get_by_label("Réalisée le").fill("2026-06-15T10:00")
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(page)).to_have_text(VALIDATED)
    expect_synced(page)
    row = wait_until(lambda: server.visite(visite_id), message="the corrected visite")
    assert row["realisee_le"].startswith("2026-06-15T10:00")
    assert row["observations"] == "Radiateur de la chambre froid."
    assert row["logement_id"] == logement["id"]
    statuses = [r[0] for r in server.query("SELECT status FROM mutation_log ORDER BY seq")]
    assert statuses == ["rejected", "applied"]

    expect(bar.get_by_role("link", name="À traiter (0)")).to_be_visible()
    bar.get_by_role("link", name="À traiter (0)").click()
    expect(page.get_by_role("heading", name="Modifications refusées (0)")).to_be_visible()
    expect(page.get_by_text("Rien à traiter.")).to_be_visible()

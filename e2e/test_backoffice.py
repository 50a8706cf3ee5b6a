"""Issue 5, e2e: the back office reviews what the field brought back, and resolves conflicts;
the tablets receive its decisions through sync."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from e2e.pages import (
    VALIDATED,
    bo_login,
    bo_state,
    expect_observations,
    expect_synced,
    login,
    make_conflict,
    new_visite,
    open_logement,
    screen_alerts,
    status_bar,
    sync_now,
)
from e2e.support import wait_until

CORRECTED = "Traces d'humidité au plafond de la salle de bains ; dernière intervention le 12/10."
COMMENT = "Préciser quelle pièce est concernée et la date de la dernière intervention."


def test_visite_sent_back_corrected_on_the_tablet_then_validated(server, devices):
    tablet = devices("tablette")
    login(tablet, server.url)
    logement = server.logement("RES-MAS-B-B102")

    # A visite made with no network, synced when the network returns.
    tablet.context.set_offline(True)
    expect(status_bar(tablet).get_by_test_id("connexion")).to_have_text("Hors ligne")
    open_logement(tablet, logement)
    visite_id = new_visite(tablet, "Visite technique", "Traces d'humidité au plafond.")
    tablet.context.set_offline(False)
    expect_synced(tablet)
    wait_until(lambda: server.visite(visite_id), message="the visite in the database")

    # It appears in the review queue, "Reçu".
    bo = devices("back office")
    bo_login(bo, server.url)
    bo.get_by_role("navigation", name="Navigation du back-office").get_by_role(
        "link", name="Revue"
    ).click()
    expect(bo.get_by_role("heading", name="File de revue")).to_be_visible()
    row = bo.get_by_role("row").filter(has_text=logement["code"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Visite technique")
    expect(row).to_contain_text("Claire Fontaine")
    expect(row).to_contain_text("Reçu")
    row.get_by_role("link").click()
    expect(bo_state(bo)).to_have_text("Reçue")
    expect(bo.get_by_role("cell", name="Traces d'humidité au plafond.", exact=True)).to_be_visible()

    # Sent back "à corriger" with a comment.
    bo.get_by_label("Commentaire pour l'auteur (obligatoire)").fill(COMMENT)
    bo.get_by_role("button", name="Renvoyer à corriger").click()
    expect(bo.get_by_role("alert")).to_have_text("La revue est enregistrée.")
    expect(bo_state(bo)).to_have_text("À corriger")
    assert server.visite(visite_id)["review_state"] == "a_corriger"

    # The tablet shows the comment in its "À corriger" list; the gestionnaire corrects.
    sync_now(tablet)
    bar = status_bar(tablet)
    expect(bar.get_by_role("link", name="À traiter (1)")).to_be_visible()
    bar.get_by_role("link", name="À traiter (1)").click()
    section = tablet.get_by_role("region", name="À corriger (1)")
    expect(section).to_contain_text(COMMENT)
    expect(section).to_contain_text(f"Visite technique — logement {logement['numero']}")
    section.get_by_role("button", name="Corriger la visite").click()
    form = tablet.get_by_role("form", name="Visite")
    expect(screen_alerts(tablet).filter(has_text="À corriger")).to_contain_text(COMMENT)
    form.get_by_label("Observations").fill(CORRECTED)
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(tablet)).to_have_text(VALIDATED)
    expect_synced(tablet)

    # It returns to the queue as "corrigé".
    wait_until(
        lambda: server.visite(visite_id)["review_state"] == "corrige",
        message="the visite back as corrigé",
    )
    bo.reload()
    expect(bo_state(bo)).to_have_text("Corrigée")
    expect(bo.get_by_role("cell", name=CORRECTED, exact=True)).to_be_visible()
    bo.goto(server.url + "/bo/revue?state=corrige")
    expect(bo.get_by_role("row").filter(has_text=logement["code"])).to_contain_text("Corrigé")
    bo.get_by_role("row").filter(has_text=logement["code"]).get_by_role("link").click()

    # The back office validates it; the tablet has nothing left to do.
    bo.get_by_role("button", name="Valider", exact=True).click()
    expect(bo.get_by_role("alert")).to_have_text("La revue est enregistrée.")
    expect(bo_state(bo)).to_have_text("Validée")
    row = server.visite(visite_id)
    assert row["review_state"] == "valide"
    assert row["observations"] == CORRECTED
    steps = [
        r[0]
        for r in server.query(
            "SELECT state FROM review_event WHERE record_id = ? ORDER BY id", (visite_id,)
        )
    ]
    assert steps == ["a_corriger", "corrige", "valide"]

    sync_now(tablet)
    expect(bar.get_by_role("link", name="À traiter (0)")).to_be_visible()
    open_logement(tablet, logement)
    visites = tablet.get_by_role("region", name="Visites").get_by_role("link")
    expect(visites.filter(has_text="Visite technique")).to_contain_text("Validée")


TEXT_A = "Tablette A : volets roulants bloqués dans le séjour."
TEXT_B = "Tablette B : volets roulants débloqués, moteur à surveiller."


def test_conflict_resolved_in_back_office_by_restoring_the_other_value(server, devices):
    a, b, visite_id, _logement = make_conflict(server, devices, TEXT_A, TEXT_B)
    (conflict,) = server.query("SELECT * FROM conflict")
    current = server.visite(visite_id)["observations"]
    other = json.loads(conflict["other_value"])
    assert {current, other} == {TEXT_A, TEXT_B}

    bo = devices("back office")
    bo_login(bo, server.url)
    bo.goto(f"{server.url}/bo/visites/{visite_id}")
    section = bo.locator("section").filter(has=bo.get_by_role("heading", name="Conflits ouverts"))
    expect(section).to_be_visible()
    expect(section.get_by_role("row", name="Valeur actuelle")).to_contain_text(current)
    expect(section.get_by_role("row", name="Autre valeur")).to_contain_text(other)
    section.get_by_role("button", name="Restaurer l'autre valeur").click()
    expect(bo.get_by_role("alert")).to_have_text("Le conflit est résolu.")
    expect(bo.get_by_role("heading", name="Conflits ouverts")).to_have_count(0)

    resolved = server.query("SELECT * FROM conflict WHERE id = ?", (conflict["id"],))[0]
    assert resolved["status"] == "resolved" and resolved["resolution"] == "restored"
    assert server.visite(visite_id)["observations"] == other

    # Both tablets receive the decision.
    for tablet in (a, b):
        sync_now(tablet)
        expect_synced(tablet)
    expect_observations(a, visite_id, other)
    expect_observations(b, visite_id, other)
    assert server.scalar("SELECT count(*) FROM conflict WHERE status = 'open'") == 0
    assert server.scalar("SELECT count(*) FROM conflict") == 1

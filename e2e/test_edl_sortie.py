"""Issue 10: an EDL de sortie pre-filled from a signed entrée, offline: two dégradations and one
normal wear; the shares the tablet shows equal the back office's décompte to the cent."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.edl_pages import autosave, room_names, sign_all
from e2e.edl_seed import push_signed_entree
from e2e.pages import bo_login, expect_synced, login, open_logement, status_bar, sync_now
from e2e.support import wait_until

ROOMS = {
    "Pièce principale": [
        ("Sol", "Revêtement de sol souple"),
        ("Murs", "Peinture"),
        ("Plafond", "Peinture"),
        ("Fenêtres et vitrages", None),
    ],
    "Cuisine": [
        ("Sol", "Revêtement de sol souple"),
        ("Évier", None),
        ("Robinetterie", "Robinetterie"),
    ],
    "Salle d'eau": [("Lavabo", "Appareils sanitaires"), ("Faïence", "Carrelage")],
}

NBSP = re.compile(r"[\u00a0\u202f]")


def t2_with_one_locataire(server) -> dict:
    code = server.scalar(
        "SELECT l.code FROM logement l JOIN residence r ON r.id = l.residence_id "
        "JOIN bail b ON b.logement_id = l.id "
        "WHERE l.typologie = 'T2' AND r.nom = 'Les Tilleuls' "
        "AND json_array_length(b.locataire_ids) = 1 ORDER BY l.code LIMIT 1"
    )
    return server.logement(code)


def euros(text: str) -> str:
    """Amounts as printed, with ordinary spaces ("1 149,99 €")."""
    return NBSP.sub(" ", text)


def element(page, name: str):
    return page.get_by_role("group", name=name, exact=True)


def worse(page, name: str, imputation: str, cost: str, installed: str | None = None) -> None:
    """Exit condition "Mauvais état", the imputation, the repair cost (and installation date)."""
    group = element(page, name)
    group.get_by_role("button", name="Mauvais état", exact=True).click()
    group.get_by_role("button", name=imputation).click()
    expect(group.get_by_role("button", name=imputation)).to_have_attribute("aria-pressed", "true")
    cost_field = group.get_by_label(re.compile("^Coût de la remise en état"))
    cost_field.fill(cost)
    cost_field.blur()
    if installed:
        date = group.get_by_label(re.compile("^Installé ou renouvelé le"))
        date.fill(installed)
        date.blur()


def identical_for_the_rest(page) -> None:
    """ "Identique à l'entrée" on every element not yet filled in, in the open room."""
    groups = page.locator("section.edl-element")
    expect(groups.first).to_be_visible()
    for i in range(groups.count()):
        group = groups.nth(i)
        if "done" in (group.get_attribute("class") or "").split():
            continue
        group.get_by_role("button", name="Identique à l’entrée").click()
        expect(group).to_have_class(re.compile(r"\bdone\b"))


def test_sortie_shares_on_the_tablet_equal_the_decompte(server, devices):
    logement = t2_with_one_locataire(server)
    locataire = server.scalar(
        "SELECT t.prenom || ' ' || t.nom FROM bail b, json_each(b.locataire_ids) j "
        "JOIN locataire t ON t.id = j.value WHERE b.logement_id = ?",
        (logement["id"],),
    )
    entree_id = push_signed_entree(server, logement["id"], locataire, ROOMS)
    page = devices("tablette")
    login(page, server.url)

    page.context.set_offline(True)
    expect(status_bar(page).get_by_test_id("connexion")).to_have_text("Hors ligne")
    open_logement(page, logement)
    page.get_by_role("button", name="Nouvel état des lieux de sortie").click()
    expect(page.get_by_text("Pré-rempli depuis l'état des lieux d'entrée signé")).to_be_visible()
    page.get_by_label("Nouvelle adresse du locataire").fill("12 rue des Acacias, 69003 Lyon")
    page.get_by_role("button", name="Commencer l'état des lieux de sortie").click()
    expect(page.get_by_role("heading", name="Pièces")).to_be_visible()
    sortie_id = re.search(r"etat_des_lieux/([0-9a-f-]{36})", page.url).group(1)
    rooms = room_names(page)
    assert rooms == list(ROOMS), rooms

    autosave(page, "Représentant du bailleur", "Claire Fontaine")
    page.get_by_role("button", name="Pièce principale").first.click()
    expect(element(page, "Murs")).to_contain_text("À l’entrée : Bon état")
    worse(page, "Murs", "Dégradation (locataire)", "800", installed="2020-11-01")
    expect(element(page, "Murs")).to_contain_text("400,00")
    worse(page, "Sol", "Dégradation (locataire)", "349,99", installed="2025-06-01")
    expect(element(page, "Sol")).to_contain_text("349,99")
    worse(page, "Plafond", "Usure normale", "120")
    identical_for_the_rest(page)
    page.get_by_role("button", name="Sommaire de l'état des lieux").click()
    for room in rooms:
        if room != "Pièce principale":
            page.get_by_role("button", name=room).first.click()
            expect(page.get_by_role("heading", name=room, exact=True)).to_be_visible()
            identical_for_the_rest(page)
            page.get_by_role("button", name="Sommaire de l'état des lieux").click()

    total = page.locator(".sortie-total")
    expect(total).to_be_visible()
    tablet_total = euros(total.inner_text())
    assert "locataire 749,99 €" in tablet_total and "bailleur 520,00 €" in tablet_total, (
        tablet_total
    )

    page.get_by_role("button", name="Relire et faire signer").click()
    expect(page.get_by_role("heading", name=re.compile("^Relecture"))).to_be_visible()
    page.get_by_role("button", name="Figer et passer aux signatures").click()
    sign_all(page)
    page.context.set_offline(False)
    sync_now(page)
    expect_synced(page)
    row = wait_until(
        lambda: server.query(
            "SELECT statut, entree_id, parties FROM etat_des_lieux WHERE id = ?", (sortie_id,)
        ),
        message="the sortie on the server",
    )[0]
    assert (row["statut"], row["entree_id"]) == ("signe", entree_id)
    assert "12 rue des Acacias" in row["parties"]

    desk = devices("back-office")
    bo_login(desk, server.url)
    desk.goto(f"{server.url}/bo/sorties/{sortie_id}")
    lines = desk.get_by_role("region", name="Réparations constatées à l'état des lieux de sortie")
    murs = euros(lines.get_by_role("row").filter(has_text="Murs").inner_text())
    assert "800,00 €" in murs and "400,00 €" in murs, murs
    sol = euros(lines.get_by_role("row").filter(has_text="Sol").first.inner_text())
    assert sol.count("349,99 €") == 2 and "0,00 €" in sol, sol
    plafond = euros(lines.get_by_role("row").filter(has_text="Plafond").inner_text())
    assert "Usure normale" in plafond and "120,00 €" in plafond, plafond
    retained = euros(lines.locator("tfoot").inner_text())
    assert "749,99 €" in retained, retained
    page_text = euros(desk.locator("main").inner_text())
    assert "12 rue des Acacias" in page_text

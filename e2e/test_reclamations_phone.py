"""Issue 12: the gardien's day on a phone-sized Chromium (390 × 844). Offline, a U1 leak in a
logement with two photos and a U3 broken light on a palier; synced; the back office board shows
both with their deadlines; the gestionnaire qualifies and assigns the leak on the field app
(tablet-sized) and syncs; the board shows it affectée with its contractor; the phone shows the new
statut. Then a permanence with five contacts, one turned into a réclamation."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from e2e.pages import bo_login, expect_synced, login, sync_now
from e2e.reclamation_pages import (
    Contact,
    Report,
    add_contact,
    assign,
    bo_history,
    board_rows,
    contact_to_reclamation,
    contacts,
    history,
    open_reclamation,
    open_reclamations,
    qualify,
    reclamation_status,
    report,
    start_permanence,
)
from e2e.support import jpeg_with_gps, wait_until
from e2e.troubles_pages import go_offline, go_online_and_sync

PARIS = ZoneInfo("Europe/Paris")


def paris(value: str) -> str:
    """A stored deadline as the board writes it: "30/11/2026 03:21" (Paris time)."""
    moment = datetime.fromisoformat(str(value))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def a_logement(server) -> dict:
    """A logement of Les Tilleuls (the gardien's résidence) with a current bail."""
    code = server.scalar(
        "SELECT l.code FROM logement l JOIN residence r ON r.id = l.residence_id "
        "JOIN bail b ON b.logement_id = l.id WHERE r.nom = 'Les Tilleuls' AND b.fin IS NULL "
        "ORDER BY l.code LIMIT 1"
    )
    return dict(server.logement(code))


def reports_offline(phone: Page, server, logement: dict, photos: list[Path]) -> tuple[str, str]:
    """The leak and the broken light reported with no network; sent once it is back."""
    login(phone, server.url, user="gardien")
    go_offline(phone)
    fuite = report(
        phone,
        Report(
            categorie="Plomberie",
            urgence="U1",
            description="Fuite d'eau importante sous l'évier de la cuisine.",
            logement_search=f"{logement['residence']} {logement['numero']}",
            logement_label=f"Logement {logement['numero']} — {logement['residence']}",
            photos=photos,
        ),
    )
    expect(reclamation_status(phone)).to_have_text("Statut : Saisie · en attente d'envoi")
    batiment = server.query(
        "SELECT b.nom FROM batiment b JOIN residence r ON r.id = b.residence_id "
        "WHERE r.nom = 'Les Tilleuls' ORDER BY b.nom LIMIT 1"
    )[0]["nom"]
    lumiere = report(
        phone,
        Report(
            categorie="Éclairage",
            urgence="U3",
            description="Plus de lumière sur le palier du 2e étage.",
            batiment=f"{batiment} — Les Tilleuls",
            cage="B",
            etage="2",
            partie="Palier",
        ),
    )
    assert server.scalar("SELECT count(*) FROM reclamation") == 0
    go_online_and_sync(phone)
    return fuite, lumiere


def test_gardien_reports_offline_and_follows_the_leak(server, devices, phone: Page, tmp_path):
    logement = a_logement(server)
    photos = [
        jpeg_with_gps(tmp_path / "fuite-1.jpg"),
        jpeg_with_gps(tmp_path / "fuite-2.jpg", (200, 90, 60)),
    ]
    fuite, lumiere = reports_offline(phone, server, logement, photos)

    rows = {r["id"]: r for r in server.query("SELECT * FROM reclamation")}
    assert set(rows) == {fuite, lumiere}
    assert (rows[fuite]["logement_id"], rows[fuite]["urgence"], rows[fuite]["statut"]) == (
        logement["id"],
        "U1",
        "saisie",
    )
    assert (
        rows[lumiere]["batiment_id"] is not None,
        rows[lumiere]["cage"],
        rows[lumiere]["etage"],
        rows[lumiere]["partie_commune"],
    ) == (True, "B", 2, "palier")
    assert (rows[lumiere]["urgence"], rows[lumiere]["categorie"], rows[lumiere]["origine"]) == (
        "U3",
        "eclairage",
        "ronde",
    )
    assert rows[fuite]["echeance"] is not None and rows[lumiere]["echeance"] is not None
    assert (
        server.scalar(
            "SELECT count(*) FROM photo WHERE owner_entity = 'reclamation' AND owner_record = ?",
            (fuite,),
        )
        == 2
    )
    wait_until(lambda: len(server.blob_files()) >= 2, message="the two photos' bytes on the server")

    # The back office board: both, the leak first (U1), each with its deadline.
    desk = devices("bureau")
    bo_login(
        desk, server.url
    )  # the back office is the back_office and admin roles' (server/policy.py)
    desk.goto(f"{server.url}/bo/reclamations")
    expect(board_rows(desk)).to_have_count(2)
    expect(board_rows(desk).nth(0)).to_contain_text("U1")
    expect(board_rows(desk).nth(0)).to_contain_text(
        re.compile(f"logement {logement['numero']}", re.I)
    )
    expect(board_rows(desk).nth(1)).to_contain_text("U3")
    expect(board_rows(desk).nth(1)).to_contain_text(re.compile("palier", re.I))
    for n, record in enumerate((fuite, lumiere)):
        expect(board_rows(desk).nth(n).locator("td").nth(1)).to_contain_text(
            paris(rows[record]["echeance"])
        )

    # The gestionnaire, on a tablet, qualifies and assigns the leak on the field app (out of
    # signal, as in a cellar), then syncs.
    tablet = devices("gestionnaire")
    login(tablet, server.url, user="gestionnaire")
    open_reclamation(tablet, "Plomberie")
    expect(reclamation_status(tablet)).to_have_text("Statut : Saisie")
    go_offline(tablet)
    qualify(tablet, "U1", "Plomberie", "Bailleur")
    expect(reclamation_status(tablet)).to_have_text("Statut : Qualifiée · en attente d'envoi")
    assign(tablet, "Plomberie Martin", "BT-2026-118")
    expect(reclamation_status(tablet)).to_have_text("Statut : Affectée · en attente d'envoi")
    go_online_and_sync(tablet)
    expect(reclamation_status(tablet)).to_have_text("Statut : Affectée")
    leak_row = server.query("SELECT * FROM reclamation WHERE id = ?", (fuite,))[0]
    assert (
        leak_row["statut"],
        leak_row["urgence"],
        leak_row["categorie"],
        leak_row["responsabilite"],
        leak_row["entreprise"],
        leak_row["entreprise_reference"],
    ) == ("affectee", "U1", "plomberie", "bailleur", "Plomberie Martin", "BT-2026-118")
    steps = server.query(
        "SELECT statut, commentaire FROM reclamation_evenement WHERE reclamation_id = ? "
        "ORDER BY le, id",
        (fuite,),
    )
    assert [(e["statut"], e["commentaire"]) for e in steps] == [
        ("qualifiee", None),
        ("affectee", "Plomberie Martin — BT-2026-118"),
    ]

    # The back office board shows the leak affectée, with its contractor, and its history.
    desk.goto(f"{server.url}/bo/reclamations")
    expect(board_rows(desk)).to_have_count(2)
    expect(board_rows(desk).nth(0).locator("td").nth(4)).to_have_text("Affectée")
    expect(board_rows(desk).nth(0).locator("td").nth(6)).to_have_text(
        "Plomberie Martin, BT-2026-118"
    )
    board_rows(desk).nth(0).get_by_role("link").click()
    expect(bo_history(desk)).to_have_count(3)  # saisie, qualifiée, affectée

    # The gardien's phone shows the new statut and who does the work.
    sync_now(phone)
    expect_synced(phone)
    cards = open_reclamations(phone)
    expect(cards).to_have_count(2)
    leak = cards.filter(has_text="Plomberie")
    expect(leak).to_contain_text("Affectée")
    expect(leak).to_contain_text("Signalée par vous")
    leak.get_by_role("link").click()
    expect(reclamation_status(phone)).to_have_text("Statut : Affectée")
    expect(history(phone)).to_have_count(3)
    expect(history(phone).nth(2)).to_contain_text("Affectée")
    expect(phone.locator("#contenu")).to_contain_text("Plomberie Martin (réf. BT-2026-118)")
    expect(phone.locator(".echeance")).to_contain_text("Échéance : ")


def test_permanence_with_five_contacts_one_becoming_a_reclamation(server, phone: Page):
    logement = a_logement(server)
    login(phone, server.url, user="gardien")
    start_permanence(phone, "Les Tilleuls", "Loge du gardien", "Joseph Moreau")
    add_contact(
        phone,
        Contact("Information", "Horaires de la loge pendant les fêtes.", "Affichés dans le hall."),
    )
    add_contact(
        phone,
        Contact(
            "Loyer / charges",
            "Question sur la régularisation des charges.",
            "Orientée vers l'agence.",
            who="Autre personne",
            nom="M. Durand",
        ),
    )
    add_contact(
        phone,
        Contact(
            "Administratif",
            "Attestation de loyer à fournir.",
            "Demande transmise.",
            who="Locataire / logement",
            logement_search=f"{logement['residence']} {logement['numero']}",
        ),
    )
    add_contact(phone, Contact("Autre", "Demande de badge supplémentaire.", "Formulaire remis."))
    contact_to_reclamation(
        phone,
        Contact(
            "Technique",
            "Le radiateur de la chambre ne chauffe plus.",
            who="Locataire / logement",
            logement_search=f"{logement['residence']} {logement['numero']}",
        ),
        "Chauffage",
    )
    expect(contacts(phone)).to_have_count(5)
    sync_now(phone)
    expect_synced(phone)

    permanence = server.query("SELECT * FROM permanence")
    assert [(p["site"], p["agents"]) for p in permanence] == [("Loge du gardien", "Joseph Moreau")]
    rows = server.query(
        "SELECT * FROM contact_permanence WHERE permanence_id = ? ORDER BY heure, id",
        (permanence[0]["id"],),
    )
    assert len(rows) == 5
    linked = [r for r in rows if r["suite"] == "reclamation"]
    assert len(linked) == 1
    reclamation = server.query("SELECT * FROM reclamation WHERE id = ?", (linked[0]["suite_id"],))[
        0
    ]
    assert (
        reclamation["contact_id"],
        reclamation["origine"],
        reclamation["categorie"],
        reclamation["urgence"],
    ) == (linked[0]["id"], "permanence", "chauffage", "U2")
    assert (reclamation["logement_id"], reclamation["description"]) == (
        logement["id"],
        "Le radiateur de la chambre ne chauffe plus.",
    )
    assert json.loads(json.dumps([r["nom"] for r in rows if r["nom"]])) == ["M. Durand"]

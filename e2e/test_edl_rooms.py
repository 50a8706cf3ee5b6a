"""Issue 9: an EDL d'entrée started on a tablet offline, then two tablets edit different rooms of
the same draft: both edits land, with no conflict. Then tablet A has it signed while tablet B,
offline, still edits its draft: B's edit is refused (document_signe), and B shows why."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from e2e.edl_pages import autosave, fill_room, room_names, shown_hash, sign_all
from e2e.pages import expect_synced, login, open_logement, status_bar, sync_now
from e2e.support import wait_until


def _t3(server) -> dict:
    code = server.scalar(
        "SELECT l.code FROM logement l JOIN residence r ON r.id = l.residence_id "
        "WHERE l.typologie = 'T3' AND r.nom = 'Les Tilleuls' ORDER BY l.code LIMIT 1"
    )
    return server.logement(code)


def _tap(page, room: str, element: str, condition: str) -> None:
    page.get_by_role("button", name=room).first.click()
    group = page.get_by_role("group", name=element, exact=True)
    group.get_by_role("button", name=condition).click()
    expect(group.get_by_role("button", name=condition)).to_have_attribute("aria-pressed", "true")


def test_two_tablets_fill_different_rooms_of_one_draft(server, devices):
    logement = _t3(server)
    a = devices("tablette A")
    login(a, server.url)
    open_logement(a, logement)
    a.context.set_offline(True)
    expect(status_bar(a).get_by_test_id("connexion")).to_have_text("Hors ligne")
    a.get_by_role("button", name="Nouvel état des lieux d'entrée").click()
    a.get_by_role("button", name="Commencer l'état des lieux").click()
    expect(a.get_by_role("heading", name="Pièces")).to_be_visible()
    a.context.set_offline(False)
    expect_synced(a)
    edl_id = wait_until(
        lambda: server.scalar(
            "SELECT id FROM etat_des_lieux WHERE logement_id = ?", (logement["id"],)
        ),
        message="the EDL on the server",
    )
    elements = server.scalar("SELECT count(*) FROM edl_element WHERE edl_id = ?", (edl_id,))
    assert elements > 50

    b = devices("tablette B")
    login(b, server.url)
    open_logement(b, logement)
    b.get_by_role("link", name="État des lieux d'entrée").first.click()
    expect(b.get_by_role("heading", name="Pièces")).to_be_visible()

    for page in (a, b):
        page.context.set_offline(True)
    _tap(a, "Cuisine", "Sol", "Mauvais état")
    _tap(b, "Chambre 1", "Sol", "Bon état")
    for page in (a, b):
        page.context.set_offline(False)
        expect_synced(page)

    def condition(room: str, element: str = "Sol") -> str | None:
        return server.scalar(
            "SELECT etat FROM edl_element WHERE edl_id = ? AND piece = ? AND element = ?",
            (edl_id, room, element),
        )

    wait_until(lambda: condition("Cuisine") == "mauvais", message="tablet A's room")
    wait_until(lambda: condition("Chambre 1") == "bon", message="tablet B's room")
    assert server.scalar("SELECT count(*) FROM conflict") == 0
    assert server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'rejected'") == 0
    # each tablet gets the other's room
    for page in (a, b):
        sync_now(page)
        expect_synced(page)

    # A completes and signs the EDL while B, offline, still holds the draft and edits it.
    for page in (a, b):
        page.get_by_role("button", name="Sommaire de l'état des lieux").click()
    b.context.set_offline(True)
    _tap(b, "Pièce principale", "Murs", "Neuf")
    autosave(a, "Représentant du bailleur", "Claire Fontaine")
    for room in room_names(a):
        fill_room(a, room)
    a.get_by_role("button", name="Relire et faire signer").click()
    a.get_by_role("button", name="Figer et passer aux signatures").click()
    digest = shown_hash(a)
    sign_all(a)
    sync_now(a)
    expect_synced(a)
    wait_until(
        lambda: (
            server.scalar("SELECT statut FROM etat_des_lieux WHERE id = ?", (edl_id,)) == "signe"
        ),
        message="the EDL signed on the server",
    )
    assert server.scalar("SELECT content_hash FROM etat_des_lieux WHERE id = ?", (edl_id,)) == (
        digest
    )

    b.context.set_offline(False)
    sync_now(b)
    expect_synced(b)
    refused = server.query(
        "SELECT result FROM mutation_log WHERE status = 'rejected' AND entity = 'edl_element'"
    )
    assert [json.loads(r["result"])["code"] for r in refused] == ["document_signe"]
    assert condition("Pièce principale", "Murs") != "neuf"
    bar = status_bar(b)
    expect(bar.get_by_role("link", name="À traiter (1)")).to_be_visible()
    bar.get_by_role("link", name="À traiter (1)").click()
    expect(b.locator("#contenu")).to_contain_text("Cet état des lieux est signé")
    b.get_by_role("link", name="Logements").first.click()
    open_logement(b, logement)
    b.get_by_role("link", name="État des lieux d'entrée").first.click()
    expect(b.get_by_role("heading", name="État des lieux d'entrée — signé")).to_be_visible()
    expect(b.get_by_role("status").filter(has_text="reçu par le serveur")).to_be_visible()
    assert shown_hash(b) == digest

"""Issue 4, e2e 3: two tablets edit the same visite's observations offline, then sync: one
conflict, both texts kept, both tablets show the same current text."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from e2e.pages import (
    bo_login,
    edit_observations,
    expect_observations,
    expect_synced,
    make_conflict,
    sync_now,
)
from e2e.support import wait_until

TEXT_A = "Tablette A : robinet de la cuisine à remplacer."
TEXT_B = "Tablette B : robinet réparé par le locataire, rien à prévoir."


def test_concurrent_offline_edits_make_one_conflict_and_keep_both_texts(server, devices):
    a, b, visite_id, _logement = make_conflict(server, devices, TEXT_A, TEXT_B)

    conflicts = server.query("SELECT * FROM conflict")
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict["status"] == "open"
    assert conflict["entity"] == "visite" and conflict["record_id"] == visite_id
    assert conflict["field"] == "observations"
    current = server.visite(visite_id)["observations"]
    other = json.loads(conflict["other_value"])
    assert {current, other} == {TEXT_A, TEXT_B}, "nothing a user typed is dropped"
    assert json.loads(conflict["kept_value"]) == current
    # The later edit (tablet B) stays current; A's text waits in the conflict.
    assert current == TEXT_B and other == TEXT_A
    assert conflict["kept_author"] != conflict["other_author"]

    # Tablet A pulls B's text; both show the same thing.
    sync_now(a)
    expect_synced(a)
    expect_observations(a, visite_id, current)
    expect_observations(b, visite_id, current)

    # The tablet whose push met the conflict lists it for its user.
    b.get_by_role("link", name="À traiter").click()
    expect(b.get_by_role("heading", name="Conflits à examiner (1)")).to_be_visible()
    notice = "Conflit à examiner : visite modifiée ailleurs en même temps"
    expect(b.get_by_text(notice)).to_be_visible()
    assert server.scalar("SELECT count(*) FROM conflict WHERE status = 'open'") == 1


TEXT_A2 = "Tablette A, plus tard : robinet remplacé le 27/11."


def _conflict_cards(page):
    page.get_by_role("link", name=re.compile(r"^À traiter")).first.click()
    return page.get_by_role("region", name=re.compile(r"^Conflits à examiner")).locator("li.card")


def test_a_resolution_applies_against_the_value_it_showed(server, devices):
    a, b, visite_id, logement = make_conflict(server, devices, TEXT_A, TEXT_B)
    where = f"logement {logement['numero']}"

    # Tablet A learns that its text lost, on a card naming the visite.
    sync_now(a)
    expect_synced(a)
    lost = _conflict_cards(a).filter(has_text="Votre saisie n'a pas été retenue")
    expect(lost).to_have_count(1)
    expect(lost).to_contain_text(where)
    expect(lost).to_contain_text(TEXT_A)
    expect(lost).to_contain_text(TEXT_B)

    # The back office opens the record: the card names it and shows the current value.
    bo = devices("bureau")
    bo_login(bo, server.url)
    bo.goto(f"{server.url}/bo/visites/{visite_id}")
    card = bo.locator("article.conflict")
    expect(card).to_have_count(1)
    expect(card.locator(".record-name")).to_contain_text(where)
    expect(card.get_by_role("row", name=re.compile("^Valeur actuelle"))).to_contain_text(TEXT_B)

    # Meanwhile tablet A writes again: the page the back office holds is now stale.
    edit_observations(a, visite_id, TEXT_A2)
    expect_synced(a)
    wait_until(
        lambda: server.visite(visite_id)["observations"] == TEXT_A2,
        message="tablet A's new text on the server",
    )
    card.get_by_role("button", name="Restaurer l'autre valeur").click()
    expect(
        bo.get_by_role("alert").filter(has_text="La valeur a changé depuis l'affichage")
    ).to_be_visible()
    assert server.visite(visite_id)["observations"] == TEXT_A2, "nothing overwritten"
    assert server.scalar("SELECT status FROM conflict") == "open"
    card = bo.locator("article.conflict")
    expect(card.get_by_role("row", name=re.compile("^Valeur actuelle"))).to_contain_text(TEXT_A2)

    # Against the fresh value, the choice goes through, and the devices drop the conflict.
    card.get_by_role("button", name="Garder la valeur actuelle").click()
    expect(bo.locator("article.conflict")).to_have_count(0)
    assert server.scalar("SELECT status FROM conflict") == "resolved"
    assert server.visite(visite_id)["observations"] == TEXT_A2
    for page in (a, b):
        sync_now(page)
        expect_synced(page)
        expect(_conflict_cards(page)).to_have_count(0)
        expect_observations(page, visite_id, TEXT_A2)

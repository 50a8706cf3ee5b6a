"""Issue 4, e2e 3: two tablets edit the same visite's observations offline, then sync: one
conflict, both texts kept, both tablets show the same current text."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from e2e.pages import expect_observations, expect_synced, make_conflict, sync_now

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

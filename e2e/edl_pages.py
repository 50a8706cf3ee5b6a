"""Page helpers for the état des lieux screens of the field app (what a gestionnaire taps)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

EDL_ROUTE = re.compile(r"#/etat_des_lieux/([0-9a-f-]{36})")


def edl_id_from_url(url: str) -> str:
    """The EDL's id in the field app's route."""
    found = EDL_ROUTE.search(url)
    assert found, url
    return found.group(1)


def start_edl(page) -> str:
    """On a logement page: "Nouvel état des lieux d'entrée", then "Commencer". Returns its id."""
    page.get_by_role("button", name="Nouvel état des lieux d'entrée").click()
    page.get_by_role("button", name="Commencer l'état des lieux").click()
    expect(page.get_by_role("heading", name="Pièces")).to_be_visible()
    return edl_id_from_url(page.url)


def room_names(page) -> list[str]:
    """The rooms listed on the overview, in order."""
    cards = page.locator("ul.edl-rooms button.card strong")
    expect(cards.first).to_be_visible()
    return cards.all_inner_texts()


def fill_room(page, room: str, condition: str = "Bon état", photo: Path | None = None) -> None:
    """Open a room from the overview, give each element not yet filled in `condition` (one tap
    each), optionally a photo of the first element, and come back to the overview."""
    page.get_by_role("button", name=room).first.click()
    expect(page.get_by_role("heading", name=room, exact=True)).to_be_visible()
    groups = page.locator("section.edl-element")
    count = groups.count()
    for i in range(count):
        group = groups.nth(i)
        if "done" in (group.get_attribute("class") or "").split():
            continue
        group.get_by_role("button", name=condition, exact=True).click()
        expect(group).to_have_class(re.compile(r"\bdone\b"))
    expect(page.locator(".title-row .progress")).to_contain_text(f"{count}/{count}")
    if photo is not None:
        first = groups.first
        first.get_by_role("button", name=re.compile(r"^Photo")).click()
        page.get_by_label("Ajouter une photo").set_input_files(str(photo))
        expect(first.get_by_role("img", name="Photo 1")).to_be_visible()
    page.get_by_role("button", name="Sommaire de l'état des lieux").click()
    expect(page.get_by_role("heading", name="Pièces")).to_be_visible()


def autosave(page, label: str, text: str) -> None:
    """Type into a self-saving field and leave it (it saves on blur)."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.blur()


def draw_signature(page, pad) -> None:
    """A few strokes in a signature pad's frame, with the mouse (pointer events)."""
    canvas = pad.get_by_role("img", name="Cadre de signature")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for k in range(2):
        page.mouse.move(x + w * 0.15, y + h * (0.35 + 0.3 * k))
        page.mouse.down()
        for step in range(1, 9):
            page.mouse.move(
                x + w * (0.15 + 0.08 * step), y + h * (0.35 + 0.3 * k + 0.04 * (step % 3))
            )
        page.mouse.up()


def sign_all(page) -> list[str]:
    """Every signer signs on the screen, in order; returns their names as shown."""
    names = []
    while True:
        pads = page.locator("fieldset.signature-pad")
        if pads.count() == 0:
            return names
        before = pads.count()
        pad = pads.first
        names.append(pad.get_by_label("Nom du signataire").input_value())
        draw_signature(page, pad)
        pad.get_by_role("button", name="Valider la signature").click()
        expect(pads).to_have_count(before - 1)


def shown_hash(page) -> str:
    """The content hash the screen shows (grouped for reading), as one hex string."""
    text = page.locator(".edl-hash .hash").first.inner_text()
    digest = re.sub(r"\s+", "", text)
    assert re.fullmatch(r"[0-9a-f]{64}", digest), text
    return digest

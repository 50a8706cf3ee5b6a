"""Issue 8, phone layout: on a 390×844 phone the status bar is compact and the visite form shows
one photo control (the styled label; the native input stays out of sight yet takes the file)."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import PHONE
from e2e.pages import login, open_logement, status_bar
from e2e.support import jpeg_with_gps


def test_compact_status_bar_and_one_photo_control_on_a_phone(server, phone, tmp_path):
    login(phone, server.url)
    bar = status_bar(phone)
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    assert box is not None
    assert box["height"] <= 0.08 * PHONE["height"], box
    assert box["width"] <= PHONE["width"], box
    # The details are one press away, not on screen.
    details = bar.get_by_role("button", name="Détails de la synchronisation")
    expect(details).to_have_attribute("aria-expanded", "false")
    expect(bar.get_by_test_id("en-attente")).not_to_be_visible()

    open_logement(phone, server.logement("RES-TIL-A-A101"))
    phone.get_by_role("button", name="Nouvelle visite").click()
    form = phone.get_by_role("form", name="Visite")
    photos = form.get_by_role("group", name="Photos")
    label = photos.get_by_text("Ajouter une photo", exact=True)
    native = photos.locator("input[type=file]")
    expect(label).to_be_visible()
    expect(native).to_have_count(1)
    # Playwright counts a 1×1 clipped box as "visible": what a person sees is its size.
    native_box = native.bounding_box()
    assert native_box is not None
    assert native_box["width"] <= 1 and native_box["height"] <= 1, native_box
    label_box = label.bounding_box()
    assert label_box is not None
    assert label_box["width"] >= 48 and label_box["height"] >= 48, label_box
    seen = [
        c.evaluate("e => e.tagName.toLowerCase()")
        for c in photos.locator("input, button, label, select").all()
        if (b := c.bounding_box()) and b["width"] > 1 and b["height"] > 1
    ]
    assert seen == ["label"]

    label.set_input_files(str(jpeg_with_gps(tmp_path / "evier.jpg")))
    expect(form.get_by_role("img", name="Photo 1")).to_be_visible()
    expect(form.get_by_text("non envoyée")).to_be_visible()

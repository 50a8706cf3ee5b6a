"""Issue 13: a lost or shared tablet. The field app's IndexedDB holds no readable personal data
(read natively from the page: every store, every value, blobs as bytes); a reload asks for the
PIN; the app locks itself after the server's idle time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.pages import (
    expect_synced,
    lock_screen,
    login,
    new_visite,
    open_logement,
    open_visite,
    status_bar,
    unlock,
)
from e2e.support import DEMO_PASSWORD, ServerProcess, fresh_server, jpeg_with_gps

OBSERVATION = "Moisissure zèbre-quetzal derrière l'armoire de la chambre"
PIN = "48151623"

# Every value of every store, as IndexedDB holds it: the strings (keys and values, nested) in one
# text, the bytes (ArrayBuffers, typed arrays, Blobs) in hex.
RAW_DUMP_JS = """async () => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('palier');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const stores = [...db.objectStoreNames];
  const rows = await new Promise((resolve, reject) => {
    const tx = db.transaction(stores, 'readonly');
    const out = [];
    for (const s of stores) {
      const r = tx.objectStore(s).getAll();
      r.onsuccess = () => { for (const v of r.result) out.push(v); };
    }
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  const texts = [];
  const bins = [];
  const blobs = [];
  const walk = (v) => {
    if (v === null || v === undefined) return;
    if (typeof v !== 'object') texts.push(String(v));
    else if (v instanceof Blob) blobs.push(v);
    else if (v instanceof ArrayBuffer) bins.push(new Uint8Array(v));
    else if (ArrayBuffer.isView(v)) bins.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else for (const [k, x] of Object.entries(v)) { texts.push(k); walk(x); }
  };
  rows.forEach(walk);
  for (const b of blobs) bins.push(new Uint8Array(await b.arrayBuffer()));
  const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const hex = bins.map(toHex).join('|');
  return { rows: rows.length, blobs: blobs.length, text: texts.join('\\n'), hex };
}"""


def test_nothing_readable_at_rest_and_the_pin_unlocks(server, devices, tmp_path: Path):
    page = devices("tablette")
    tokens: list[str] = []
    page.on(
        "response",
        lambda r: (
            tokens.append(r.json()["token"])
            if r.url.endswith("/api/v1/auth/device") and r.status == 201
            else None
        ),
    )
    login(page, server.url)
    logement = server.logement("RES-TIL-A-A101")
    open_logement(page, logement)
    locataires = page.get_by_role("region", name="Bail en cours").locator("li strong")
    names = locataires.all_inner_texts()
    assert names, "the logement shows its locataires"
    photo = jpeg_with_gps(tmp_path / "mur.jpg", colour=(30, 160, 90))
    visite_id = new_visite(page, "Visite technique", OBSERVATION, photo=photo)
    expect_synced(page)
    sha = server.scalar("SELECT sha256 FROM photo WHERE owner_record = ?", (visite_id,))
    jpeg = (server.blob_dir / sha[:2] / sha[2:4] / f"{sha}.jpg").read_bytes()
    assert jpeg[:2] == b"\xff\xd8"

    # A PIN, offered on the home screen by a banner that does not block the work.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Logements"
    ).click()
    page.get_by_role("button", name="Choisir un code PIN", exact=True).click()
    page.get_by_label("Code PIN", exact=True).fill(PIN)
    page.get_by_label("Confirmer le code PIN").fill(PIN)
    page.get_by_role("button", name="Enregistrer le code PIN").click()
    expect(page.get_by_text("Code PIN enregistré")).to_be_visible()

    raw = page.evaluate(RAW_DUMP_JS)
    assert raw["rows"] > 300 and raw["blobs"] == 0  # every photo's bytes are ciphertext
    assert sha in raw["text"]  # positive control: the clear keys are there to be found
    for secret in [OBSERVATION, "zèbre-quetzal", *names, tokens[0], "Les Tilleuls"]:
        assert secret not in raw["text"], f"{secret!r} readable in IndexedDB"
    middle = len(jpeg) // 2
    for chunk in (jpeg[2:18], jpeg[middle : middle + 16], jpeg[-16:]):
        assert chunk.hex() not in raw["hex"], "the photo's bytes are readable in IndexedDB"

    # After a reload the app asks; a wrong PIN is refused, the right one shows the visite.
    page.reload()
    screen = lock_screen(page)
    expect(screen).to_be_visible()
    expect(page.get_by_role("link", name="Les Tilleuls")).to_have_count(0)
    screen.get_by_label("Code PIN ou mot de passe").fill("11223344")
    screen.get_by_role("button", name="Déverrouiller").click()
    expect(screen.get_by_role("alert")).to_have_text("Code ou mot de passe incorrect.")
    unlock(page, PIN)
    open_visite(page, visite_id)
    form = page.get_by_role("form", name="Visite")
    expect(form.get_by_label("Observations")).to_have_value(OBSERVATION)
    expect(form.get_by_role("img", name="Photo 1")).to_be_visible()
    expect_synced(page)  # syncing again once unlocked


@pytest.fixture
def short_lock_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_template: Path, pwa_dist: Path
) -> Iterator[ServerProcess]:
    """A server telling devices to lock after 3 s without input."""
    monkeypatch.setenv("PALIER_DEVICE_LOCK_SECONDS", "3")
    proc = fresh_server(demo_template, tmp_path, pwa_dist)
    yield proc
    proc.stop()


def test_the_app_locks_itself_after_the_idle_time(short_lock_server, devices):
    server = short_lock_server
    page = devices("tablette")
    page.goto(server.url + "/")
    form = page.get_by_role("form", name="Connexion")
    form.get_by_label("Identifiant").fill("gestionnaire")
    form.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Se connecter").click()
    # No input for 3 s: the lock screen comes by itself, over the app.
    screen = lock_screen(page)
    expect(screen).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Logements", exact=True)).to_have_count(0)
    unlock(page, DEMO_PASSWORD)
    page.get_by_role("link", name="Les Tilleuls").click()
    expect(page.get_by_role("heading", name="Les Tilleuls")).to_be_visible()
    expect(screen).to_be_visible(timeout=30_000)  # idle again: locked again, on the same screen
    unlock(page, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Les Tilleuls")).to_be_visible()
    expect(status_bar(page)).to_have_attribute("data-sync-state", "idle")

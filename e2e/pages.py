"""Page helpers for the end-to-end tests: the field app and back office, by label and role."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from e2e.support import (
    DEMO_PASSWORD,
    ServerProcess,
    wait_until,
)

STATUS_NAME = "État de la synchronisation"
IDB_COUNTS_JS = """
async () => {
  const names = await new Promise((resolve, reject) => {
    const req = indexedDB.open('palier');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const stores = [...db.objectStoreNames];
      if (!stores.length) { db.close(); resolve({}); return; }
      const tx = db.transaction(stores, 'readonly');
      const out = {};
      for (const s of stores) {
        const r = tx.objectStore(s).count();
        r.onsuccess = () => { out[s] = r.result; };
      }
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    };
  });
  return names;
}
"""
IDB_HOLDS_JS = """
async (ref) => new Promise((resolve, reject) => {
  const req = indexedDB.open('palier');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    if (![...db.objectStoreNames].includes('records')) { db.close(); resolve(false); return; }
    // Field records are filed under "<entity>:<id>" in the (clear) index `ids`.
    const r = db.transaction('records').objectStore('records').index('ids').count(ref);
    r.onsuccess = () => { db.close(); resolve(r.result > 0); };
    r.onerror = () => { db.close(); reject(r.error); };
  };
})
"""
LOCKED_NAME = "Palier est verrouillé"


def idb_counts(page) -> dict[str, int]:
    """Rows per object store of the app's IndexedDB database (read by the test, not the app)."""
    return page.evaluate(IDB_COUNTS_JS)


def idb_holds(page, entity: str, record_id: str) -> bool:
    """Whether the device's IndexedDB holds a copy of a field record (its clear index, no key)."""
    return page.evaluate(IDB_HOLDS_JS, f"{entity}:{record_id}")


def idb_visite(page, visite_id: str) -> dict | None:
    """The visite as the device holds it, read through the app (the stored rows are encrypted):
    its form's type and observations, then back to the screen it was on; None when not held."""
    from playwright.sync_api import expect

    if not idb_holds(page, "visite", visite_id):
        return None
    back = page.evaluate("() => location.hash") or "#/logements"
    open_visite(page, visite_id)
    form = page.get_by_role("form", name="Visite")
    expect(form.get_by_label("Observations")).to_be_visible()
    fields = {
        "type": form.get_by_label("Type de visite").input_value(),
        "observations": form.get_by_label("Observations").input_value(),
    }
    page.evaluate("() => { location.hash = '#/logements'; }")
    expect(page.get_by_role("heading", name="Logements", exact=True)).to_be_visible()
    if back != "#/logements":
        page.evaluate("h => { location.hash = h; }", back)
    return fields


def lock_screen(page):
    """The lock screen (a dialog named "Palier est verrouillé")."""
    return page.get_by_role("dialog", name=LOCKED_NAME)


def unlock(page, secret: str = DEMO_PASSWORD) -> None:
    """On the lock screen: type the PIN or password, "Déverrouiller", wait for the app."""
    from playwright.sync_api import expect

    screen = lock_screen(page)
    expect(screen).to_be_visible(timeout=30_000)
    screen.get_by_label("Code PIN ou mot de passe").fill(secret)
    screen.get_by_role("button", name="Déverrouiller").click()
    expect(screen).to_have_count(0, timeout=15_000)


VALIDATED = "Visite validée : elle sera envoyée à la prochaine synchronisation."


def screen_alerts(page):
    """Alerts of the current screen (the status bar's own alerts, e.g. low storage, excluded)."""
    return page.locator("#contenu").get_by_role("alert")


def status_bar(page):
    return page.get_by_role("status", name=STATUS_NAME)


def expect_synced(page, timeout: float = 30_000) -> None:
    """The status bar says nothing waits and no sync runs (not necessarily online)."""
    from playwright.sync_api import expect

    bar = status_bar(page)
    expect(bar.get_by_test_id("en-attente")).to_have_text("Rien en attente", timeout=timeout)
    expect(bar).to_have_attribute("data-sync-state", "idle", timeout=timeout)


def expect_pending(page, text_pattern: str, timeout: float = 15_000) -> None:

    from playwright.sync_api import expect

    expect(status_bar(page).get_by_test_id("en-attente")).to_have_text(
        re.compile(text_pattern), timeout=timeout
    )


def sync_now(page) -> None:
    """Press "Synchroniser" in the status bar."""
    status_bar(page).get_by_role("button", name="Synchroniser").click()


def press_sync_if_still_there(page) -> None:
    """Press "Synchroniser" unless the app has already left the synced screens (e.g. wiped)."""
    button = status_bar(page).get_by_role("button", name="Synchroniser")
    try:
        button.click(timeout=3_000)
    except PlaywrightTimeoutError:
        if button.count():
            raise


def wait_offline_ready(page, timeout: float = 30_000) -> None:
    """The service worker is active and controls the page (the app can open offline)."""
    page.wait_for_function(
        "() => document.documentElement.dataset.offlineReady === 'true' && "
        "!!navigator.serviceWorker.controller",
        timeout=timeout,
    )


def login(page, base_url: str, user: str = "gestionnaire", password: str = DEMO_PASSWORD) -> None:
    """Log in from the login screen; wait for the first full sync and the service worker."""
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    form = page.get_by_role("form", name="Connexion")
    form.get_by_label("Identifiant").fill(user)
    form.get_by_label("Mot de passe").fill(password)
    form.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Logements", exact=True)).to_be_visible()
    expect(status_bar(page).get_by_test_id("derniere-synchro")).not_to_have_text(
        "Dernière synchronisation : jamais", timeout=60_000
    )
    expect_synced(page, timeout=60_000)
    wait_offline_ready(page)
    expect(page.get_by_role("link", name="Les Tilleuls")).to_be_visible()


def _card(page, title: str):
    """A card link of a list, by its exact title (its <strong>)."""
    return page.locator("a.card").filter(has=page.locator("strong").get_by_text(title, exact=True))


def open_logement(page, logement) -> None:
    """Résidences → bâtiment → logement, by clicking (logement: row from ServerProcess.logement)."""
    from playwright.sync_api import expect

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Logements"
    ).click()
    _card(page, logement["residence"]).click()
    _card(page, logement["batiment"]).click()
    _card(page, f"Logement {logement['numero']}").click()
    expect(page.get_by_role("heading", name=f"Logement {logement['numero']}")).to_be_visible()


def visite_id_from_url(url: str) -> str:
    return url.split("#/visite/", 1)[1].split("?", 1)[0]


def new_visite(
    page,
    type_label: str = "Visite technique",
    observations: str = "",
    photo: Path | None = None,
    realisee_le: str | None = None,
) -> str:
    """On a logement page: "Nouvelle visite", fill it, add a photo, validate. Returns its id."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Nouvelle visite").click()
    form = page.get_by_role("form", name="Visite")
    expect(form).to_be_visible()
    visite_id = visite_id_from_url(page.url)
    form.get_by_label("Type de visite").select_option(label=type_label)
    if realisee_le:
        form.get_by_label("Réalisée le").fill(realisee_le)
    if observations:
        form.get_by_label("Observations").fill(observations)
    if photo is not None:
        form.get_by_label("Ajouter une photo").set_input_files(str(photo))
        expect(form.get_by_role("img", name="Photo 1")).to_be_visible()
        expect(form.get_by_text("non envoyée")).to_be_visible()
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(page)).to_have_text(VALIDATED)
    return visite_id


def open_visite(page, visite_id: str, logement_id: str | None = None) -> None:
    """Go to a visite's form by its route (as a link from the logement page would)."""
    from playwright.sync_api import expect

    suffix = f"?logement={logement_id}" if logement_id else ""
    if "#/visite/" in page.url:  # leave the form first, so it opens afresh
        page.evaluate("() => { location.hash = '#/logements'; }")
        expect(page.get_by_role("heading", name="Logements", exact=True)).to_be_visible()
    page.evaluate("h => { location.hash = h; }", f"#/visite/{visite_id}{suffix}")
    expect(page.get_by_role("form", name="Visite")).to_be_visible()


def edit_observations(page, visite_id: str, text: str) -> None:
    """Open a visite, replace its observations and validate."""
    from playwright.sync_api import expect

    open_visite(page, visite_id)
    form = page.get_by_role("form", name="Visite")
    form.get_by_label("Observations").fill(text)
    form.get_by_role("button", name="Valider la visite").click()
    expect(screen_alerts(page)).to_have_text(VALIDATED)


def make_conflict(server: ServerProcess, devices, text_a: str, text_b: str):
    """Two tablets of the same gestionnaire edit one visite's observations offline, A then B,
    and sync in that order. Returns (page_a, page_b, visite_id, logement)."""
    from playwright.sync_api import expect

    logement = server.logement("RES-MAS-A-A104")
    a = devices("tablette A")
    login(a, server.url)
    open_logement(a, logement)
    visite_id = new_visite(a, "Visite conseil (pré-état des lieux)", "Constat initial.")
    expect_synced(a)
    wait_until(lambda: server.visite(visite_id), message="the visite in the database")

    b = devices("tablette B")
    login(b, server.url)
    assert idb_visite(b, visite_id)["observations"] == "Constat initial."
    assert len(server.devices_of("gestionnaire")) == 2

    for page in (a, b):
        page.context.set_offline(True)
        expect(status_bar(page).get_by_test_id("connexion")).to_have_text("Hors ligne")
    edit_observations(a, visite_id, text_a)
    edit_observations(b, visite_id, text_b)
    expect_pending(a, r"^1 élément en attente")
    expect_pending(b, r"^1 élément en attente")

    a.context.set_offline(False)
    expect_synced(a)
    wait_until(
        lambda: server.visite(visite_id)["observations"] == text_a,
        message="tablet A's text on the server",
    )
    b.context.set_offline(False)
    expect_synced(b)
    wait_until(
        lambda: server.scalar("SELECT count(*) FROM conflict"), message="the conflict on the server"
    )
    return a, b, visite_id, logement


def expect_observations(page, visite_id: str, text: str) -> None:
    """The visite's form on this device shows `text` as its observations."""
    from playwright.sync_api import expect

    wait_until(
        lambda: (idb_visite(page, visite_id) or {}).get("observations") == text,
        message=f"the device to hold {text!r}",
    )
    open_visite(page, visite_id)
    expect(page.get_by_role("form", name="Visite").get_by_label("Observations")).to_have_value(text)


# --------------------------------------------------------------------------- the back office


def bo_login(page, base_url: str, user: str = "backoffice", password: str = DEMO_PASSWORD) -> None:
    """Log in to the back office (/bo/) with a session."""
    from playwright.sync_api import expect

    page.goto(base_url + "/bo/login")
    expect(page.get_by_role("heading", name="Connexion au back-office")).to_be_visible()
    page.get_by_label("Identifiant").fill(user)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("navigation", name="Navigation du back-office")).to_be_visible()


def bo_state(page):
    """The review state shown in the record page's title."""
    return page.get_by_role("heading", level=1).locator(".state")

"""Field-app benchmark: the tablet side, in headless Chromium with a persistent profile on disk.

Run from the repository root:  python bench/field_app.py   (prints figures; not a test)

  (a) a fresh device logs in and pulls a scope of 50 000 records (the demo secteur 1 plus visites)
      into IndexedDB until the app is usable offline;
  (b) 100 back-office edits committed on the server (another process) reach the synced device;
  (c) the app opens offline: navigation to the first list of logements painted;
  (d) the JS and CSS shipped (gzip).

The server is a real `python -m server serve` process on a temporary SQLite database. The profile
is on disk (launch_persistent_context): an incognito context keeps IndexedDB in memory.
"""

from __future__ import annotations

import gzip
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.field_app_scripts import (  # noqa: E402
    EDITOR,
    IDB_SUITES_JS,
    IDB_TOTALS_JS,
    PAINT_MARK_JS,
    PRESS_SYNC_JS,
    PULL_TIMINGS_JS,
    STATUS,
    USABLE_JS,
    WATCH_JS,
)
from e2e.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    PWA_DIR,
    ServerProcess,
    prepare_demo_data,
    server_env,
)

SCOPE_TOTAL = 50_000
BATCH = 500
CHANGES = 100
ROUNDS = 3
GOALS = {"pull": 7.0, "changes_ms": 60.0, "open_ms": 1000.0, "js_kb": 150.0}
VIEWPORT = {"width": 1024, "height": 768}

OBSERVATIONS = [
    "Joint de la baignoire à refaire, traces d'humidité au plafond de la salle de bains.",
    "Logement en bon état d'entretien ; détecteur de fumée présent et fonctionnel.",
    "Robinet de la cuisine qui goutte ; ventilation de la salle d'eau obstruée.",
    "Porte palière qui frotte ; interphone à vérifier par l'entreprise.",
    "Radiateur de la chambre froid ; purge conseillée au locataire.",
]


def ensure_pwa_built() -> None:
    dist = PWA_DIR / "dist"
    if (dist / "index.html").is_file() and (dist / "sw.js").is_file():
        return
    if not (PWA_DIR / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PWA_DIR, check=True)
    subprocess.run(["npm", "run", "build"], cwd=PWA_DIR, check=True)


def seed_visites(data_dir: Path) -> tuple[int, list[str]]:
    """Push visites into secteur 1 through the sync engine until the gestionnaire's scope holds
    SCOPE_TOTAL records. Returns (records in scope before, ids of the visites created)."""
    os.environ.update(server_env(data_dir))
    from sqlalchemy import func, select

    from server import create_app
    from server.auth import issue_device
    from server.engine.driver import Actor, author_for
    from server.engine.writes import Incoming, apply_mutations
    from server.extensions import db
    from server.families import REGISTRY, SNAPSHOT_ORDER
    from server.models import Device, Logement, User
    from server.policy import residence_scope

    app = create_app()
    with app.app_context():
        user = db.session.scalars(select(User).where(User.login == "gestionnaire")).one()
        scope = residence_scope(user)
        before = 0
        for name in SNAPSHOT_ORDER:
            model = REGISTRY[name].model
            before += db.session.scalar(
                select(func.count())
                .select_from(model)
                .where(
                    model.deleted.is_(False),
                    (model.residence_id.is_(None)) | (model.residence_id.in_(sorted(scope))),
                )
            )
        logements = list(
            db.session.scalars(select(Logement.id).where(Logement.residence_id.in_(scope)))
        )
        device, _token = issue_device(user, "Banc d'essai (import)")
        device_id = device.id
        actor = Actor(user.id, user.role, scope, device_id, author_for(user.id, device_id))
        rng = random.Random(26)
        wall = int(time.time() * 1000) - 86_400_000
        created: list[str] = []
        needed = SCOPE_TOTAL - before
        seq = 0
        types = ["technique", "courtoisie", "conseil", "enquete_occupation"]
        while len(created) < needed:
            items = []
            for _ in range(min(BATCH, needed - len(created))):
                seq += 1
                record = str(uuid.uuid4())
                created.append(record)
                day = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
                items.append(
                    Incoming(
                        seq,
                        str(uuid.uuid4()),
                        "visite",
                        record,
                        "upsert",
                        None,
                        f"{wall + seq:015d}-00000-{device_id}",
                        {
                            "logement_id": rng.choice(logements),
                            "type": rng.choice(types),
                            "realisee_le": f"{day}T09:30:00+01:00",
                            "participants": "Locataire présent",
                            "observations": rng.choice(OBSERVATIONS),
                            "suites": "",
                            "photo_ids": [],
                        },
                    )
                )
            results = apply_mutations(actor, items)
            assert all(r["status"] == "applied" for r in results), results[:3]
            db.session.get(Device, device_id).last_seq = seq
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return before, created


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def main() -> None:
    ensure_pwa_built()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="palier-bench-field-"))
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "PLAYWRIGHT_BROWSERS_PATH"):
        (tmp / name.lower()).mkdir()
        os.environ[name] = str(tmp / name.lower())
    data_dir = tmp / "data"
    profile = tmp / "chromium-profile"
    prepare_demo_data(data_dir)
    started = time.perf_counter()
    before, visites = seed_visites(data_dir)
    print(
        f"[setup] scope of 'gestionnaire': {before} référentiel records + {len(visites)} visites "
        f"= {before + len(visites)} records (seeded in {time.perf_counter() - started:.1f} s)"
    )
    server = ServerProcess(data_dir, PWA_DIR / "dist").start()
    try:
        with sync_playwright() as pw:
            run_browser(pw.chromium, server, profile, before + len(visites), visites)
    finally:
        server.stop()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)

    # (d) what the field app ships
    dist = PWA_DIR / "dist"
    js = sorted((dist / "assets").glob("*.js")) + [dist / "sw.js"]
    css = sorted((dist / "assets").glob("*.css"))
    js_kb = sum(gzip_size(p) for p in js) / 1024
    css_kb = sum(gzip_size(p) for p in css) / 1024
    detail = ", ".join(f"{p.name} {gzip_size(p) / 1024:.1f}" for p in js)
    print(
        f"(d) JS shipped: {js_kb:.1f} KB gzip ({detail}) — goal < {GOALS['js_kb']:.0f} KB "
        f"{'OK' if js_kb < GOALS['js_kb'] else 'MISSED'}"
    )
    print(f"(d) CSS shipped: {css_kb:.1f} KB gzip")


def launch(chromium, profile: Path, offline: bool = False):
    context = chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=VIEWPORT,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        service_workers="allow",
    )
    context.set_default_timeout(120_000)
    if offline:
        context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    return context, page


def watched_sync(page, before=None) -> dict:
    """Press "Synchroniser" (after `before()`), and time the cycle until the app is idle again."""
    page.wait_for_function(
        f"() => document.querySelector(\"{STATUS}\").dataset.syncState === 'idle'", polling="raf"
    )
    page.evaluate(WATCH_JS)
    if before is not None:
        before()
    page.evaluate(PRESS_SYNC_JS)
    page.wait_for_function("() => window.__bench.synced !== null", polling="raf")
    return page.evaluate("window.__bench")


def run_browser(chromium, server: ServerProcess, profile: Path, total: int, visites: list[str]):
    # (a) a fresh device: log in, pull the whole scope, usable offline.
    context, page = launch(chromium, profile)
    page.goto(server.url + "/")
    page.get_by_label("Identifiant").fill("gestionnaire")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    # The service worker installs while the user types; the timer starts at "Se connecter".
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === 'true'")
    start = page.evaluate(
        "() => { const t = performance.now();"
        " document.querySelector('form[aria-label=Connexion] button[type=submit]').click();"
        " return t; }"
    )
    usable = page.wait_for_function(USABLE_JS, timeout=180_000, polling="raf").json_value()
    seconds = (usable - start) / 1000
    held = page.evaluate(IDB_TOTALS_JS)
    stored = sum(held.values())
    verdict = "OK" if seconds < GOALS["pull"] else "MISSED"
    print(
        f"(a) fresh device, log in + pull {stored:,} records into IndexedDB until usable offline: "
        f"{seconds:.2f} s — goal < {GOALS['pull']:.0f} s {verdict}"
    )
    assert held["visite"] == len(visites), held
    assert stored == total, (stored, total)

    # Confirm: with no network at all, the app opens and holds everything.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#contenu a.card")
    assert sum(page.evaluate(IDB_TOTALS_JS).values()) == total
    context.set_offline(False)
    page.wait_for_function(USABLE_JS, polling="raf")
    watched_sync(page)  # back online: one full cycle, so the measured one starts from rest

    # (b) 100 server-side changes reach the synced device (3 rounds).
    ids = random.Random(5).sample(visites, CHANGES)
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, ",".join(ids)],
        cwd=ROOT,
        env=server_env(server.data_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert editor.stdout.readline().strip() == "ready"
    rounds = []
    for round_no in range(ROUNDS):
        text = f"Relancer l'entreprise (passage {round_no + 1})"
        committed = 0.0

        def commit(text: str = text) -> None:
            nonlocal committed
            editor.stdin.write(text + "\n")
            editor.stdin.flush()
            committed = float(editor.stdout.readline().split()[1])

        bench = watched_sync(page, commit)
        suites = page.evaluate(IDB_SUITES_JS, ids)
        assert all(suites[i] == f"{text} {n}" for n, i in enumerate(ids)), "changes not all held"
        pulls = page.evaluate(PULL_TIMINGS_JS, bench["triggered"])
        rounds.append(
            (bench["synced"] - committed * 1000, bench["synced"] - bench["triggered"], sum(pulls))
        )
    editor.stdin.close()
    editor.wait(30)
    total_ms, app_ms, pull_ms = (statistics.median(r[i] for r in rounds) for i in range(3))
    verdict = "OK" if total_ms < GOALS["changes_ms"] else "MISSED"
    print(
        f"(b) {CHANGES} server-side changes, commit → held in IndexedDB: {total_ms:.0f} ms "
        f"(median of {ROUNDS}: {', '.join(f'{r[0]:.0f}' for r in rounds)}; after 'Synchroniser' "
        f"{app_ms:.0f} ms, of which the pull request {pull_ms:.0f} ms) — "
        f"goal < {GOALS['changes_ms']:.0f} ms {verdict}"
    )
    context.close()

    # (c) open offline: browser restarted without network, then reloads.
    opens = []
    context, page = launch(chromium, profile, offline=True)
    context.add_init_script(PAINT_MARK_JS)
    for _ in range(6):
        if opens:
            page.reload(wait_until="commit")
        else:
            page.goto(server.url + "/", wait_until="commit")
        page.wait_for_function("() => typeof window.__listPainted === 'number'", polling="raf")
        opens.append(page.evaluate("window.__listPainted"))
    context.close()
    cold, warm = opens[0], statistics.median(opens[1:])
    verdict = "OK" if cold < GOALS["open_ms"] else "MISSED"
    print(
        f"(c) offline open, navigation → first logement list painted: {cold:.0f} ms after a "
        f"browser restart, {warm:.0f} ms on reload (median of 5) — "
        f"goal < {GOALS['open_ms']:.0f} ms {verdict}"
    )


if __name__ == "__main__":
    main()

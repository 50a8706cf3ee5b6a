"""The JavaScript the field-app benchmark runs in the page, and its back-office editor script."""

STATUS = "[role=status][aria-label='État de la synchronisation']"

# (a) usable: first sync done, nothing pending, idle, résidences listed, service worker active.
USABLE_JS = f"""() => {{
  const s = document.querySelector("{STATUS}");
  if (!s || s.dataset.syncState !== 'idle') return false;
  const last = s.querySelector('[data-testid=derniere-synchro]');
  const pending = s.querySelector('[data-testid=en-attente]');
  if (!last || last.textContent.includes('jamais')) return false;
  if (!pending || pending.textContent !== 'Rien en attente') return false;
  if (!document.querySelector('#contenu a.card')) return false;
  if (!navigator.serviceWorker.controller) return false;
  return performance.now();
}}"""

IDB_TOTALS_JS = """async () => new Promise((resolve, reject) => {
  const req = indexedDB.open('palier');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const records = ['residence', 'batiment', 'logement', 'locataire', 'bail', 'grille_vetuste'];
    const tx = db.transaction([...records, 'records'], 'readonly');
    const out = {visite: 0};
    for (const s of records) {
      const r = tx.objectStore(s).count();
      r.onsuccess = () => { out[s] = r.result; };
    }
    // Field records of every family (and photos), filed under "<entity>:<id>" in buckets and
    // patches: each record once, per entity.
    const refs = new Set();
    const c = tx.objectStore('records').openCursor();
    c.onsuccess = () => {
      const cur = c.result;
      if (cur) { for (const ref of cur.value.ids) refs.add(ref); cur.continue(); }
    };
    tx.oncomplete = () => {
      db.close();
      for (const ref of refs) {
        const entity = ref.slice(0, ref.indexOf(':'));
        out[entity] = (out[entity] || 0) + 1;
      }
      resolve(out);
    };
    tx.onerror = () => { db.close(); reject(tx.error); };
  };
})"""

# The refs ("<entity>:<id>") of the patches written after the patch `since` (null: all): the
# records a sync wrote, read from the clear index fields (the values are encrypted at rest).
# Patches are keyed "!<descending seq>": newer ones sort first.
IDB_PATCHED_JS = """async (since) => new Promise((resolve, reject) => {
  const req = indexedDB.open('palier');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const store = db.transaction('records').objectStore('records');
    const range = IDBKeyRange.bound('!', since || '"', false, true);
    const r = store.getAll(range);
    r.onsuccess = () => {
      db.close();
      const refs = new Set(r.result.flatMap((p) => p.pids || []));
      resolve({ newest: r.result.length ? r.result[0].k : since, refs: [...refs] });
    };
    r.onerror = () => { db.close(); reject(r.error); };
  };
})"""

# (b) watch the status bar: the first return to "idle" after "syncing" is when the pulled changes
# are committed to IndexedDB (the engine stores lastSyncAt after the pull's transactions).
WATCH_JS = f"""() => {{
  const s = document.querySelector("{STATUS}");
  const bench = window.__bench = {{ triggered: null, synced: null, sawSyncing: false }};
  const obs = new MutationObserver(() => {{
    if (bench.triggered === null) return;
    if (s.dataset.syncState === 'syncing') bench.sawSyncing = true;
    else if (bench.sawSyncing && s.dataset.syncState === 'idle' && bench.synced === null) {{
      bench.synced = Date.now();
      obs.disconnect();
    }}
  }});
  obs.observe(s, {{ attributes: true, attributeFilter: ['data-sync-state'] }});
}}"""

PRESS_SYNC_JS = f"""() => {{
  window.__bench.triggered = Date.now();
  const s = document.querySelector("{STATUS}");
  [...s.querySelectorAll('button')].find((b) => b.textContent === 'Synchroniser').click();
}}"""

# Durations of the pull requests made since `since` (Date.now() ms), from Resource Timing.
PULL_TIMINGS_JS = """(since) => performance.getEntriesByType('resource')
  .filter((e) => e.name.includes('/api/v1/sync/') &&
                 performance.timeOrigin + e.startTime >= since - 1)
  .map((e) => e.responseEnd - e.startTime)"""

# (c) at document start: note when the lock screen, then the first list of the Logements screen,
# are on screen (each in the frame that shows it: after its animation frame callbacks).
PAINT_MARK_JS = """(() => {
  if (location.pathname !== '/') return;
  const markLock = () => {
    if (window.__lockPainted !== undefined) return false;
    if (!document.querySelector('[role=dialog][aria-labelledby=lock-title] input')) return false;
    window.__lockPainted = null;
    requestAnimationFrame(() => setTimeout(() => { window.__lockPainted = performance.now(); }, 0));
    return true;
  };
  const lockObs = new MutationObserver(() => { if (markLock()) lockObs.disconnect(); });
  lockObs.observe(document, { childList: true, subtree: true });
  const mark = () => {
    if (window.__listPainted !== undefined) return false;
    if (!document.querySelector('#contenu a.card')) return false;
    window.__listPainted = null;
    // The frame that shows it: after its animation frame callbacks, once painted.
    requestAnimationFrame(() => setTimeout(() => { window.__listPainted = performance.now(); }, 0));
    return true;
  };
  const obs = new MutationObserver(() => { if (mark()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true });
})();"""

# A separate process commits the back-office edits through the sync engine when told to: argv[1]
# lists "<entity>:<id>:<field>"; each round writes "<text> <n>" into the n-th record's field.
EDITOR = r"""
import sys, time
from sqlalchemy import select
from server import create_app
from server.extensions import db
from server.families import REGISTRY
from server.models import User
from server.engine.server_edits import apply_server_edit

targets = [t.split(":") for t in sys.argv[1].split(",")]
app = create_app()
with app.app_context():
    user = db.session.scalars(select(User).where(User.login == "backoffice")).one()
    versions = {}
    for entity in {e for e, _, _ in targets}:
        model = REGISTRY[entity].model
        ids = [i for e, i, _ in targets if e == entity]
        query = select(model.id, model.version).where(model.id.in_(ids))
        versions.update(dict(db.session.execute(query).all()))
    db.session.rollback()
    print("ready", flush=True)
    for line in sys.stdin:  # one line per round: the text to write
        text = line.rstrip("\n")
        for n, (entity, record_id, field) in enumerate(targets):
            outcome = apply_server_edit(
                entity, record_id, {field: f"{text} {n}"}, user, versions[record_id]
            )
            assert outcome.status == "applied", outcome
            versions[record_id] = outcome.version
        db.session.commit()
        print(f"committed {time.time():.6f}", flush=True)
"""

# (c) type the PIN on the lock screen and press "Déverrouiller"; returns when (performance.now()).
UNLOCK_JS = """async (secret) => {
  const dialog = document.querySelector('[role=dialog][aria-labelledby=lock-title]');
  const input = dialog.querySelector('input');
  input.value = secret;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 0)); // the form renders what was typed
  const t = performance.now();
  [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Déverrouiller').click();
  return t;
}"""

# PBKDF2-SHA-256 as the keyring derives a key-encryption key: milliseconds of each of `rounds`.
PBKDF2_JS = """async ([iterations, rounds]) => {
  const s = crypto.subtle;
  const secret = new TextEncoder().encode('mot de passe');
  const base = await s.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
  const out = [];
  for (let i = 0; i < rounds; i += 1) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const t = performance.now();
    await s.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base,
      { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
    out.push(performance.now() - t);
  }
  return out;
}"""
